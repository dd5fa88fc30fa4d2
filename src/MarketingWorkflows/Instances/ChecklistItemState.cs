using System;

namespace MarketingWorkflows.Instances;

/// <summary>The state of one checklist item of an instance.</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Status">Open, done or waived.</param>
/// <param name="By">Who completed or waived it, or <see langword="null"/>.</param>
/// <param name="At">When, or <see langword="null"/>.</param>
/// <param name="Reason">Why it was waived (or reopened), or <see langword="null"/>.</param>
/// <param name="DueAt">When it is due, from the definition's due expression, or <see langword="null"/>.</param>
public sealed record ChecklistItemState(string ItemId, ChecklistItemStatus Status, string? By = null, DateTimeOffset? At = null, string? Reason = null, DateTimeOffset? DueAt = null);
