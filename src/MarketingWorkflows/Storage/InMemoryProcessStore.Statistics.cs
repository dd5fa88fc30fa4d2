using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>The outbox backlog and the idempotency records, counted.</summary>
public sealed partial class InMemoryProcessStore : IStoreStatistics
{
    /// <inheritdoc />
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (pending, dead, oldest) = Backlog();
        return Task.FromResult(new StoreStatistics(pending, oldest, dead, CommandCount()));
    }
}
