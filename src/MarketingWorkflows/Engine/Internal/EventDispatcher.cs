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
    IOutboxStore store,
    IEnumerable<IProcessEventHandler> handlers,
    IWorkSignal? signal,
    MarketingWorkflowsOptions options,
    TimeProvider time,
    ILogger<EventDispatcher>? logger = null) : PollingWorker(options, time, signal)
{
    private const int Parallelism = 4;
    private readonly IProcessEventHandler[] _handlers = [.. handlers];
    private string[]? _names;

    /// <summary>Gets each handler's name as recorded on events it has received: its type's full name, numbered when a type is registered more than once.</summary>
    internal string[] HandlerNames => _names ??= NameHandlers(_handlers);
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private int _lastClaimed;
    private int _claimSize;

    /// <summary>Gets how many events the next batch claims: <see cref="MarketingWorkflowsOptions.BatchSize"/>, or more while catching up.</summary>
    internal int ClaimSize => _claimSize > 0 ? _claimSize : Options.BatchSize;

    /// <summary>
    /// Delivers what is pending now, one batch; returns how many events were delivered or given up.
    /// The delivered events are acknowledged together at the end of the batch, in one store call
    /// (one transaction instead of one per event). Delivery stays at least once: events delivered
    /// but not yet acknowledged when the host stops are delivered again after their lease.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var size = ClaimSize;
        var pending = await store.ClaimPendingEventsAsync(now, size, Options.ClaimLease, cancellationToken).ConfigureAwait(false);
        _lastClaimed = pending.Count;
        var settled = 0;
        var delivered = new List<Guid>(pending.Count);
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

                var outcome = await DeliverAsync(entry, now, ct).ConfigureAwait(false);
                if (outcome == Outcome.Delivered)
                {
                    lock (delivered)
                    {
                        delivered.Add(entry.Event.Id);
                    }
                }

                if (outcome == Outcome.Retrying)
                {
                    return;
                }

                Interlocked.Increment(ref settled);
            }
        }).ConfigureAwait(false);
        if (delivered.Count > 0)
        {
            await store.AcknowledgeEventsAsync(delivered, cancellationToken).ConfigureAwait(false);
        }

        _claimSize = NextClaimSize(size, pending.Count, Time.GetUtcNow() - now);
        return settled;
    }

    /// <summary>
    /// Sizes the next claim. A batch that came back full means events are waiting: while such
    /// batches finish in well under the lease, each next one claims twice as many, up to eight
    /// times <see cref="MarketingWorkflowsOptions.BatchSize"/>, so that a dispatcher behind a busy
    /// host catches up in fewer, larger claims instead of falling further behind. A batch less
    /// than half full, or slow against the lease, brings the size back to the configured one.
    /// </summary>
    private int NextClaimSize(int size, int claimed, TimeSpan took)
    {
        var configured = Options.BatchSize;
        var largest = Math.Max(configured, Math.Min(configured * 8, 10_000));
        if (claimed < size / 2 || took > Options.ClaimLease / 4)
        {
            return configured;
        }

        return claimed >= size && took < Options.ClaimLease / 16 ? Math.Min(size * 2, largest) : size;
    }

    /// <summary>
    /// Delivers one event to every handler that has not received it yet; says whether it was
    /// delivered, will be retried, or was given up. After a failure the store records which
    /// handlers did receive it, so the retry goes only to the rest.
    /// </summary>
    private async Task<Outcome> DeliverAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var e = entry.Event;
        var names = HandlerNames;
        var handled = new List<string>(entry.HandledBy);
        try
        {
            for (var i = 0; i < _handlers.Length; i++)
            {
                if (handled.Contains(names[i], StringComparer.Ordinal))
                {
                    continue;
                }

                await _handlers[i].HandleAsync(e, cancellationToken).ConfigureAwait(false);
                handled.Add(names[i]);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempt = entry.Attempts + 1;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (attempt >= Options.MaxAttempts)
            {
                LogDeadLettered(ex, e.Type, e.Id, e.InstanceId, attempt);
                await store.RecordDeliveryFailureAsync(e.Id, error, null, handled, cancellationToken).ConfigureAwait(false);
                return Outcome.DeadLettered;
            }

            var delay = Options.RetryDelayFor(attempt);
            LogRetrying(ex, e.Type, e.Id, e.InstanceId, attempt, delay);
            await store.RecordDeliveryFailureAsync(e.Id, error, now + delay, handled, cancellationToken).ConfigureAwait(false);
            return Outcome.Retrying;
        }

        return Outcome.Delivered;
    }

    private static string[] NameHandlers(IProcessEventHandler[] handlers)
    {
        var names = new string[handlers.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < handlers.Length; i++)
        {
            var name = handlers[i].GetType().FullName ?? handlers[i].GetType().Name;
            var count = seen[name] = seen.GetValueOrDefault(name) + 1;
            names[i] = count == 1 ? name : $"{name}#{count}";
        }

        return names;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Goes again at once only after a full batch; otherwise the store's wait decides when to look
    /// again (for PostgreSQL: on new work, but no sooner than 20 ms), so that on a busy host events
    /// gather into batches instead of being claimed a few at a time.
    /// </remarks>
    protected override async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        return _lastClaimed >= Options.BatchSize;
    }

    /// <inheritdoc />
    protected override Task WaitAsync(CancellationToken cancellationToken)
        => WaitForWorkAsync(StoreWork.Events, Options.PollInterval, cancellationToken);

    /// <inheritdoc />
    protected override void OnBatchFailed(Exception exception) => LogPollFailed(exception);

    /// <inheritdoc />
    protected override bool Enabled => base.Enabled && _handlers.Length > 0;

    private enum Outcome
    {
        Delivered,
        Retrying,
        DeadLettered,
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Delivering {Type} event {EventId} of {InstanceId} failed (attempt {Attempt}); trying again in {Delay}")]
    private partial void LogRetrying(Exception exception, string type, Guid eventId, Guid instanceId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Delivering {Type} event {EventId} of {InstanceId} failed {Attempt} times; it is dead-lettered and can be replayed")]
    private partial void LogDeadLettered(Exception exception, string type, Guid eventId, Guid instanceId, int attempt);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Reading the outbox failed; looking again later")]
    private partial void LogPollFailed(Exception exception);
}
