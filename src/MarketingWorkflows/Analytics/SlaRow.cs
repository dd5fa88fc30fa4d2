namespace MarketingWorkflows.Analytics;

/// <summary>Deadlines of one state with a deadline.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="State">The state.</param>
/// <param name="Instances">How many instances the stays counted belong to.</param>
/// <param name="Met">Stays that ended in the window before their deadline passed.</param>
/// <param name="Breached">Stays that ended in the window after their deadline passed.</param>
/// <param name="Escalations">Timeout actions fired in the window (the deadline's <c>onTimeout</c> trigger).</param>
/// <param name="OverdueNow">Open instances in the state whose deadline has passed now.</param>
public sealed record SlaRow(string ProcessId, string State, int Instances, int Met, int Breached, int Escalations, int OverdueNow)
{
    /// <summary>Gets the share of judged stays that met their deadline, or <see langword="null"/> when none ended.</summary>
    public double? MetShare => Met + Breached == 0 ? null : (double)Met / (Met + Breached);
}
