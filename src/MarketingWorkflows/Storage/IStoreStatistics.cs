using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>
/// An optional capability of a store that can say, cheaply, how much work and how many records it
/// holds: the engine's metrics (the outbox backlog, the idempotency records) and readiness details
/// read it. Register it in the service collection beside the store; without one, those gauges
/// report nothing.
/// </summary>
public interface IStoreStatistics
{
    /// <summary>
    /// Reads the outbox backlog and the table sizes. Meant to be called every few seconds, not on
    /// every request: a store may count rows through an index, or estimate a large table's size.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The figures, as of now.</returns>
    Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
