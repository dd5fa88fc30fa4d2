using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// Where the figures are computed: an optional capability of a store, which registers it in the
/// service collection beside itself to compute them in its database (the SQLite and PostgreSQL
/// stores do). Without one, the figures are computed in memory over the store's instances and
/// history. A source returns rows unordered, with every state that has stays;
/// <see cref="IProcessAnalytics"/> orders, ranks and keeps what the figure asks for, so every
/// source gives the same answers (a contract test suite checks it).
/// </summary>
public interface IAnalyticsSource
{
    /// <summary>Computes the cycle times of completed instances, by process and final state.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<CycleTimeRow>> CycleTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes the time spent in each state, by process and state.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<StateTimeRow>> StateTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes how long approval decisions take, grouped as asked.</summary>
    /// <param name="query">The query.</param>
    /// <param name="groupBy">How to group the decisions.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<TurnaroundRow>> TurnaroundAsync(AnalyticsQuery query, TurnaroundGrouping groupBy, CancellationToken cancellationToken);

    /// <summary>Computes what waits on each user and role now.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<ApproverQueueRow>> QueuesAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes deadlines met and breached, escalations and overdue instances, by process and state.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<SlaRow>> SlaAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes review rounds and send-backs, by process.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<ReworkRow>> ReworkAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes instances started and completed, by process and week.</summary>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<ThroughputRow>> ThroughputAsync(AnalyticsQuery query, CancellationToken cancellationToken);

    /// <summary>Computes money planned and spent against results, for the processes that declare measures, grouped as asked.</summary>
    /// <param name="query">The query.</param>
    /// <param name="groupBy">How to group the instances.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The rows, unordered.</returns>
    Task<IReadOnlyList<BudgetRow>> BudgetAsync(AnalyticsQuery query, BudgetGrouping groupBy, CancellationToken cancellationToken);
}
