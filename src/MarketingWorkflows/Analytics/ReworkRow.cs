namespace MarketingWorkflows.Analytics;

/// <summary>Rework of one process's instances.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Instances">How many instances the figures are computed from.</param>
/// <param name="RoundsP50">The nearest-rank median of rounds per instance (1 when never sent back or resubmitted).</param>
/// <param name="RoundsP90">The nearest-rank 90th percentile of rounds per instance.</param>
/// <param name="MaxRounds">The most rounds of one instance.</param>
/// <param name="SendBacks">Decisions that sent an instance back for changes.</param>
/// <param name="InstancesSentBack">Instances sent back at least once.</param>
/// <param name="Approved">Instances that reached an approved state.</param>
/// <param name="ApprovedFirstTime">Of those, the ones approved before any send-back.</param>
public sealed record ReworkRow(string ProcessId, int Instances, int RoundsP50, int RoundsP90, int MaxRounds, int SendBacks, int InstancesSentBack, int Approved, int ApprovedFirstTime)
{
    /// <summary>Gets the share of approved instances approved the first time, or <see langword="null"/> when none were approved.</summary>
    public double? FirstTimeShare => Approved == 0 ? null : (double)ApprovedFirstTime / Approved;
}
