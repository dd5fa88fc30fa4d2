using System;

namespace MarketingWorkflows.Analytics;

/// <summary>Cycle time of the instances of one process that ended in one terminal state.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Outcome">The terminal state they ended in.</param>
/// <param name="Instances">How many instances the figures are computed from.</param>
/// <param name="P50">The median: the nearest-rank 50th percentile.</param>
/// <param name="P90">The nearest-rank 90th percentile.</param>
/// <param name="Max">The longest.</param>
public sealed record CycleTimeRow(string ProcessId, string Outcome, int Instances, TimeSpan P50, TimeSpan P90, TimeSpan Max);
