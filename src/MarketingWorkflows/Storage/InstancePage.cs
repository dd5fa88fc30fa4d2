using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>One page of a query.</summary>
/// <param name="Items">The instances, newest first.</param>
/// <param name="Total">How many instances match in all.</param>
public sealed record InstancePage(IReadOnlyList<ProcessInstance> Items, int Total);
