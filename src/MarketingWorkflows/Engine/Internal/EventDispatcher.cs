using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// Delivers outbox events to the registered <see cref="IProcessEventHandler"/>s: at least once,
/// in order per instance (an instance's later events wait while an earlier one is being
/// retried), with a growing delay between retries, dead-lettering an event after
/// <see cref="MarketingWorkflowsOptions.MaxAttempts"/> so it cannot hold its instance up for ever.
/// Runs only when at least one handler is registered; otherwise events stay in the outbox for
/// whoever reads it.
/// </summary>
internal sealed partial class EventDispatcher(
    IProcessStore store,
    IEnumerable<IProcessEventHandler> handlers,
    MarketingWorkflowsOptions options,
    TimeProvider time,
    ILogger<EventDispatcher>? logger = null) : PollingWorker(options, time)
{
    private const int Parallelism = 4;
    private readonly IProcessEventHandler[] _handlers = [.. handlers];
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Delivers what is pending now, one batch; returns how many events were delivered or given up.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var pending = await store.ClaimPendingEventsAsync(now, Options.BatchSize, Options.ClaimLease, cancellationToken).ConfigureAwait(false);
        var settled = 0;
        var byInstance = pending.GroupBy(e => e.Event.InstanceId).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(byInstance, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (entries, ct) =>
        {
            foreach (var entry in entries)
            {
                if (entry.NextAttemptAt > now)
                {
                    // Waiting for a retry: the instance's later events wait behind it.
                    return;
                }

                if (await DeliverAsync(entry, now, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref settled);
                }
                else
                {
                    return;
                }
            }
        }).ConfigureAwait(false);
        return settled;
    }

    /// <summary>Delivers one event to every handler; returns whether the instance's next event may go.</summary>
    private async Task<bool> DeliverAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var e = entry.Event;
        try
        {
            foreach (var handler in _handlers)
            {
                await handler.HandleAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempt = entry.Attempts + 1;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (attempt >= Options.MaxAttempts)
            {
                LogDeadLettered(ex, e.Type, e.Id, e.InstanceId, attempt);
                await store.RecordDeliveryFailureAsync(e.Id, error, null, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var delay = Options.RetryDelayFor(attempt);
            LogRetrying(ex, e.Type, e.Id, e.InstanceId, attempt, delay);
            await store.RecordDeliveryFailureAsync(e.Id, error, now + delay, cancellationToken).ConfigureAwait(false);
            return false;
        }

        await store.AcknowledgeEventsAsync([e.Id], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    protected override async Task<bool> PollAsync(CancellationToken cancellationToken)
        => await RunOnceAsync(cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    protected override Task WaitAsync(CancellationToken cancellationToken)
        => store.WaitForWorkAsync(Options.PollInterval, Time, cancellationToken);

    /// <inheritdoc />
    protected override void OnBatchFailed(Exception exception) => LogPollFailed(exception);

    /// <inheritdoc />
    protected override bool Enabled => base.Enabled && _handlers.Length > 0;

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Delivering {Type} event {EventId} of {InstanceId} failed (attempt {Attempt}); trying again in {Delay}")]
    private partial void LogRetrying(Exception exception, string type, Guid eventId, Guid instanceId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Delivering {Type} event {EventId} of {InstanceId} failed {Attempt} times; it is dead-lettered and can be replayed")]
    private partial void LogDeadLettered(Exception exception, string type, Guid eventId, Guid instanceId, int attempt);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Reading the outbox failed; looking again later")]
    private partial void LogPollFailed(Exception exception);
}
