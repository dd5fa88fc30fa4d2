using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// Marketing-ops figures computed from the history the engine already keeps: cycle time, time
/// in each state, approval turnaround, deadlines, rework, throughput, money planned and spent, and results. The
/// SQLite and PostgreSQL stores compute them in the database; the in-memory store in memory.
/// Every row says how many instances it was computed from. docs/analytics.md defines each figure.
/// </summary>
public interface IProcessAnalytics
{
    /// <summary>Cycle time (start to terminal state) by process and outcome, for instances that ended in the window.</summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process and terminal state.</returns>
    Task<IReadOnlyList<CycleTimeRow>> GetCycleTimesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Time in each state (for stays that ended in the window), work in progress per state now,
    /// and the bottleneck ranking: states ordered by the total time instances have waited in them.
    /// </summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process and state, the longest total wait first.</returns>
    Task<IReadOnlyList<StateTimeRow>> GetTimeInStateAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Approval turnaround (a stage entered to a decision taken in it), for decisions taken in the window.</summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="groupBy">By stage, by the stage's approver role, or by the person who decided.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process and group, the slowest p90 first.</returns>
    Task<IReadOnlyList<TurnaroundRow>> GetApprovalTurnaroundAsync(AnalyticsFilter filter, TurnaroundGrouping groupBy, CancellationToken cancellationToken = default);

    /// <summary>Each approver's open queue now: open instances waiting on a user or a role, and since when the oldest waits.</summary>
    /// <param name="filter">Which instances count; the time window does not apply (it is the state now).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per user or role waited on, the longest queue first.</returns>
    Task<IReadOnlyList<ApproverQueueRow>> GetApproverQueuesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Deadlines met and breached per state with a deadline, escalations fired, and instances overdue now.</summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process and state that has a deadline in its definition.</returns>
    Task<IReadOnlyList<SlaRow>> GetSlaAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Rework per process: rounds per instance, send-backs, and the share approved the first time, for instances started in the window.</summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process.</returns>
    Task<IReadOnlyList<ReworkRow>> GetReworkAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Instances started and completed per week (weeks start on Monday, UTC), in the window.</summary>
    /// <param name="filter">Which instances count, and the time window.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process and week, the earliest week first.</returns>
    Task<IReadOnlyList<ThroughputRow>> GetThroughputAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Money planned (submitted), approved and actually spent, with expected and actual results
    /// and return on spend for completed instances, for instances started in the window, of every
    /// process whose definition declares <c>measures</c>: the figures read the data fields it names.
    /// </summary>
    /// <param name="filter">Which instances count, and the time window. Without a process, every process that declares measures.</param>
    /// <param name="groupBy">By one of the dimensions the processes declare, or by quarter of their declared date.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per process, group and currency; none for a process that declares no measures.</returns>
    /// <exception cref="ArgumentException">No process in the filter declares the dimension asked for.</exception>
    Task<IReadOnlyList<BudgetRow>> GetBudgetAsync(AnalyticsFilter filter, BudgetGrouping groupBy, CancellationToken cancellationToken = default);
}

/// <summary>Which instances an analytics query counts, and its time window.</summary>
public sealed record AnalyticsFilter
{
    /// <summary>Gets only this process, or every process when <see langword="null"/>.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets only instances started on this definition version, or every version when <see langword="null"/>.</summary>
    public int? DefinitionVersion { get; init; }

    /// <summary>Gets the start of the window (inclusive), or no start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the window (exclusive), or no end.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Gets data fields the instances must have, by name: a scalar field equals the value (as
    /// text), a list field contains it. For example <c>region = EU</c>, <c>assignee = ana</c>.
    /// Field names are letters, digits and underscores.
    /// </summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}

/// <summary>How approval turnaround is grouped.</summary>
public enum TurnaroundGrouping
{
    /// <summary>By approval stage (the state the decision was taken in).</summary>
    Stage,

    /// <summary>By the stage's approver roles, as its definition names them.</summary>
    Role,

    /// <summary>By the person who decided (the delegate, when deciding on someone's behalf).</summary>
    Approver,
}

/// <summary>Cycle time of the instances of one process that ended in one terminal state.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Outcome">The terminal state they ended in.</param>
/// <param name="Instances">How many instances the figures are computed from.</param>
/// <param name="P50">The median: the nearest-rank 50th percentile.</param>
/// <param name="P90">The nearest-rank 90th percentile.</param>
/// <param name="Max">The longest.</param>
public sealed record CycleTimeRow(string ProcessId, string Outcome, int Instances, TimeSpan P50, TimeSpan P90, TimeSpan Max);

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

/// <summary>Approval turnaround of one group.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="Group">The stage, the approver role(s), or the user id, by the grouping asked for.</param>
/// <param name="Decisions">How many decisions the figures are computed from.</param>
/// <param name="Instances">How many instances those decisions were taken on.</param>
/// <param name="P50">The nearest-rank median time from entering the stage to the decision.</param>
/// <param name="P90">The nearest-rank 90th percentile.</param>
/// <param name="Max">The longest.</param>
public sealed record TurnaroundRow(string ProcessId, string Group, int Decisions, int Instances, TimeSpan P50, TimeSpan P90, TimeSpan Max);

/// <summary>One approver's open queue.</summary>
/// <param name="Kind"><c>user</c> or <c>role</c>.</param>
/// <param name="Name">The user id or role.</param>
/// <param name="Instances">How many open instances wait on them now.</param>
/// <param name="OldestWaitingSince">When the longest-waiting of them entered its current state.</param>
public sealed record ApproverQueueRow(string Kind, string Name, int Instances, DateTimeOffset OldestWaitingSince);

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

/// <summary>Instances started and completed in one week.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="WeekStart">The Monday the week starts on (UTC).</param>
/// <param name="Started">Instances started in the week.</param>
/// <param name="Completed">Instances that reached a terminal state in the week.</param>
public sealed record ThroughputRow(string ProcessId, DateOnly WeekStart, int Started, int Completed);

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
