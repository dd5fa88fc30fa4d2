using System;

namespace MarketingWorkflows.Analytics;

/// <summary>Time spent in one state of one process, and the work in it now.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="State">The state.</param>
/// <param name="Stays">How many stays in the state ended in the window (an instance that returns stays again).</param>
/// <param name="Instances">How many instances those stays and the open ones belong to.</param>
/// <param name="P50">The nearest-rank median length of the ended stays.</param>
/// <param name="P90">The nearest-rank 90th percentile length of the ended stays.</param>
/// <param name="WorkInProgress">How many open instances are in the state now.</param>
/// <param name="TotalWaitHours">The ended stays' total length plus the open instances' time in the state so far, in hours (whole seconds are summed; a total over many instances can exceed what a <see cref="TimeSpan"/> holds).</param>
/// <param name="BottleneckRank">1 for the state with the longest total wait, 2 for the next, and so on.</param>
public sealed record StateTimeRow(string ProcessId, string State, int Stays, int Instances, TimeSpan P50, TimeSpan P90, int WorkInProgress, double TotalWaitHours, int BottleneckRank);
