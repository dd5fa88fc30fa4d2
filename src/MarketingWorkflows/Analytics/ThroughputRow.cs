using System;

namespace MarketingWorkflows.Analytics;

/// <summary>Instances started and completed in one week.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="WeekStart">The Monday the week starts on (UTC).</param>
/// <param name="Started">Instances started in the week.</param>
/// <param name="Completed">Instances that reached a terminal state in the week.</param>
public sealed record ThroughputRow(string ProcessId, DateOnly WeekStart, int Started, int Completed);
