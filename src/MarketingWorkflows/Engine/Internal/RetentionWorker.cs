using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// Keeps the store from growing without end: every
/// <see cref="MarketingWorkflowsOptions.RetentionInterval"/> it removes the idempotency records
/// older than <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/> and the delivered
/// events older than <see cref="MarketingWorkflowsOptions.DeliveredEventRetention"/>,
/// <see cref="MarketingWorkflowsOptions.RetentionBatchSize"/> at a time, one short transaction per
/// batch, so a command waiting for the store's writer waits only for one batch. Pending and
/// dead-lettered events are never removed. Each run also refreshes the store's gauges.
/// </summary>
internal sealed partial class RetentionWorker(
    IIdempotencyStore keys,
    IOutboxStore outbox,
    ProcessEngine engine,
    StoreGauges gauges,
    MarketingWorkflowsOptions options,
    TimeProvider time,
    ILogger<RetentionWorker>? logger = null) : PollingWorker(options, time, null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Removes what has expired by now, batch after batch until none is left.</summary>
    /// <returns>How many idempotency records and events were removed.</returns>
    public async Task<(int Keys, int Events)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var succeeded = false;
        try
        {
            var removedKeys = await RemoveAllAsync(keys.RemoveExpiredCommandsAsync, now - Options.IdempotencyRetention, "idempotency", cancellationToken).ConfigureAwait(false);
            var removedEvents = await RemoveAllAsync(outbox.RemoveExpiredEventsAsync, now - Options.DeliveredEventRetention, "event", cancellationToken).ConfigureAwait(false);
            if (removedKeys + removedEvents > 0)
            {
                LogRemoved(removedKeys, Options.IdempotencyRetention, removedEvents, Options.DeliveredEventRetention);
            }

            await gauges.RefreshAsync(cancellationToken).ConfigureAwait(false);
            succeeded = true;
            return (removedKeys, removedEvents);
        }
        finally
        {
            engine.Telemetry.RetentionRan(succeeded);
        }
    }

    /// <inheritdoc />
    protected override async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc />
    protected override Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Options.RetentionInterval, Time, cancellationToken);

    /// <inheritdoc />
    protected override void OnBatchFailed(Exception exception) => LogFailed(exception);

    private async Task<int> RemoveAllAsync(Func<DateTimeOffset, int, CancellationToken, Task<int>> remove, DateTimeOffset before, string kind, CancellationToken cancellationToken)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await remove(before, Options.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            total += removed;
            engine.Telemetry.RetentionRemoved(kind, removed);

            // Between batches, let the commands queued for the writer go first.
            await Task.Yield();
        }
        while (removed >= Options.RetentionBatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Removed {Keys} idempotency records older than {KeyRetention} and {Events} delivered events older than {EventRetention}")]
    private partial void LogRemoved(int keys, TimeSpan keyRetention, int events, TimeSpan eventRetention);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Removing expired idempotency records and delivered events failed; trying again at the next interval")]
    private partial void LogFailed(Exception exception);
}
