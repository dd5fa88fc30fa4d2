using System;

namespace MarketingWorkflows.Analytics;

/// <summary>Money planned and spent, and results, of one process's instances in one group and currency.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Group">The dimension's value or the quarter (<c>(none)</c> when the instance has none).</param>
/// <param name="Currency">The currency of the amount planned; amounts are summed as recorded, never converted.</param>
/// <param name="Instances">How many instances the row is computed from.</param>
/// <param name="Submitted">Instances submitted at least once (by the declared <c>submittedBy</c> trigger; all of them when none is declared).</param>
/// <param name="Planned">Their amount planned.</param>
/// <param name="ApprovedInstances">Instances that reached an approved state.</param>
/// <param name="Approved">Their amount planned: the spend committed.</param>
/// <param name="CompletedInstances">Instances whose declared spend is recorded.</param>
/// <param name="ActualSpend">Their actual spend.</param>
/// <param name="ExpectedLeads">Their expected leads.</param>
/// <param name="ActualLeads">Their actual leads.</param>
/// <param name="ExpectedRevenue">Their expected revenue.</param>
/// <param name="ActualRevenue">Their actual revenue.</param>
public sealed record BudgetRow(
    string ProcessId,
    string Group,
    string Currency,
    int Instances,
    int Submitted,
    decimal Planned,
    int ApprovedInstances,
    decimal Approved,
    int CompletedInstances,
    decimal ActualSpend,
    decimal ExpectedLeads,
    decimal ActualLeads,
    decimal ExpectedRevenue,
    decimal ActualRevenue)
{
    /// <summary>Gets the return on spend of the completed instances, (actual revenue − actual spend) / actual spend, or <see langword="null"/> without spend.</summary>
    public decimal? ReturnOnSpend => ActualSpend == 0 ? null : Math.Round((ActualRevenue - ActualSpend) / ActualSpend, 4);
}
