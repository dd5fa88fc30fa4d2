using System;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>A change to one checklist item.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="ItemId">The item's id.</param>
/// <param name="Action">Complete, reopen or waive.</param>
/// <param name="Actor">Who does it.</param>
public sealed record ChecklistCommand(Guid InstanceId, string ItemId, ChecklistAction Action, Actor Actor)
{
    /// <summary>Gets the reason: required to waive, optional otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the version the caller last saw, or <see langword="null"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets a key that makes the command safe to retry, or <see langword="null"/>.</summary>
    public string? IdempotencyKey { get; init; }
}
