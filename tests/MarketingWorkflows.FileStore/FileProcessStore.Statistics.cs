using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The outbox backlog and the idempotency records, counted from their files.</summary>
public sealed partial class FileProcessStore : IStoreStatistics
{
    /// <inheritdoc />
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outbox = ReadOutbox();
        var pending = outbox.Where(f => f.Value.Status == OutboxStatus.Pending).OrderBy(f => f.Value.Sequence).ToList();
        return Task.FromResult(new StoreStatistics(
            pending.Count,
            pending.Count == 0 ? null : pending[0].Value.Event.Time,
            outbox.Count(f => f.Value.Status == OutboxStatus.DeadLettered),
            Directory.EnumerateFiles(_commands, "*.json").Count()));
    }
}
