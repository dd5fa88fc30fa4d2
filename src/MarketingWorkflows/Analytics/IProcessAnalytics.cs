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
