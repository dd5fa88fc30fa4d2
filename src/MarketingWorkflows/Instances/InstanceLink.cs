using System;

namespace MarketingWorkflows.Instances;

/// <summary>A link from one instance to another, such as a launch checklist to the instance it launches.</summary>
/// <param name="Relation">What the other instance is to this one, such as <c>content-review</c>.</param>
/// <param name="InstanceId">The other instance.</param>
public sealed record InstanceLink(string Relation, Guid InstanceId);
