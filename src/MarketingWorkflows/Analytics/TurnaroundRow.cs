using System;

namespace MarketingWorkflows.Analytics;

/// <summary>Approval turnaround of one group.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Group">The stage, the approver role(s), or the user id, by the grouping asked for.</param>
/// <param name="Decisions">How many decisions the figures are computed from.</param>
/// <param name="Instances">How many instances those decisions were taken on.</param>
/// <param name="P50">The nearest-rank median time from entering the stage to the decision.</param>
/// <param name="P90">The nearest-rank 90th percentile.</param>
/// <param name="Max">The longest.</param>
public sealed record TurnaroundRow(string ProcessId, string Group, int Decisions, int Instances, TimeSpan P50, TimeSpan P90, TimeSpan Max);
