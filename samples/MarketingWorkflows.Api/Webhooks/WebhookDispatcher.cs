using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Delivers the queued events, each subscription on its own: the first event in a
/// subscription's queue is sent, and the next only once it has been taken or dead-lettered,
/// so each receiver gets its events in order. A failed attempt waits
/// <see cref="WebhookOptions.RetryDelay"/>, doubling each time, before the next; after
/// <see cref="WebhookOptions.MaxAttempts"/> the delivery is dead-lettered (logged as failed and
/// dropped) and the queue moves on; after <see cref="WebhookOptions.DisableAfterFailures"/>
/// dead letters in a row the subscription is disabled and its queue waits until it is enabled.
/// None of this touches any other subscription's queue.
/// </summary>
internal sealed partial class WebhookDispatcher(WebhookStore store, WebhookSender sender, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    // How often the queues are looked at when nothing wakes the dispatcher: events queued by
    // another host, and leases left by a host that stopped mid-attempt, are found this way.
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    // A host that stops mid-attempt leaves the delivery to others after this much past the timeout.
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Has the queues looked at now (an event was queued, a subscription enabled).</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Gets the delay before the attempt after <paramref name="attempts"/> failed ones: the retry delay, doubling, at most an hour.</summary>
    public static TimeSpan RetryDelay(TimeSpan first, int attempts)
    {
        var factor = Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 30));
        return first.Ticks * factor >= LongestRetryDelay.Ticks ? LongestRetryDelay : TimeSpan.FromTicks((long)(first.Ticks * factor));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Exchange(ref _wake, wake);
                var wait = Idle;
                try
                {
                    wait = await DispatchAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is away: look again later; nothing is lost, the queue is in it.
                    LogDispatchFailed(ex);
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(wake.Task, Task.Delay(wait, time, stop.Token));
                await stop.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await Task.WhenAll(_running.Values);
        }
    }

    /// <summary>Starts a worker for every enabled subscription whose first queued event is due; gets how long until the next is.</summary>
    private async Task<TimeSpan> DispatchAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var subscriptions = (await store.ListCachedAsync(cancellationToken)).ToDictionary(s => s.Id);
        var next = Idle;
        foreach (var head in await store.QueueHeadsAsync(cancellationToken))
        {
            if (!subscriptions.TryGetValue(head.SubscriptionId, out var subscription) || !subscription.Enabled || _running.ContainsKey(subscription.Id))
            {
                continue;
            }

            if (head.DueAt > now)
            {
                next = TimeSpan.FromMilliseconds(Math.Min(next.TotalMilliseconds, head.DueAt - now));
                continue;
            }

            // Registered before it starts, so that its own removal at the end cannot come first.
            var worker = new Task<Task>(() => DrainAsync(subscription, head, cancellationToken));
            if (_running.TryAdd(subscription.Id, worker.Unwrap()))
            {
                worker.Start(TaskScheduler.Default);
            }
        }

        return next;
    }

    /// <summary>Sends a subscription's queued events one after another until one must wait, the queue is empty, or the subscription is disabled.</summary>
    private async Task DrainAsync(WebhookSubscription subscription, WebhookQueued head, CancellationToken cancellationToken)
    {
        try
        {
            var queued = head;
            while (queued is not null && await SendAsync(subscription, queued, cancellationToken))
            {
                queued = await store.QueueHeadAsync(subscription.Id, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping; a claimed delivery is handed back below or left to its lease.
        }
        catch (Exception ex)
        {
            // The database is away: the delivery is tried again when its lease ends.
            LogDispatchFailed(ex);
        }
        finally
        {
            _running.TryRemove(subscription.Id, out _);
            Wake();
        }
    }

    /// <summary>Makes one attempt of a queued delivery; gets whether the queue may move on to the next event.</summary>
    private async Task<bool> SendAsync(WebhookSubscription subscription, WebhookQueued queued, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (queued.DueAt > now.ToUnixTimeMilliseconds() || !await store.ClaimAsync(queued, (now + o.Timeout + LeaseMargin).ToUnixTimeMilliseconds(), cancellationToken))
        {
            return false;
        }

        int? status;
        string? error;
        try
        {
            (status, error) = await sender.AttemptAsync(subscription, queued.EventId, queued.EventType, queued.Payload, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not an attempt: hand the delivery back so another host (or this one, restarted) need not wait for the lease.
            await store.RetryLaterAsync(queued.Id, queued.Attempts, time.GetUtcNow().ToUnixTimeMilliseconds(), queued.LastStatus, queued.LastError, CancellationToken.None);
            throw;
        }
#pragma warning disable CA1031 // Whatever a subscription's configuration does, it fails that subscription's attempt, never the dispatcher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            (status, error) = (null, $"the delivery could not be sent: {ex.Message}");
        }

        var attempts = queued.Attempts + 1;
        var at = time.GetUtcNow();
        if (error is not null && attempts < o.MaxAttempts)
        {
            await store.RetryLaterAsync(queued.Id, attempts, (at + RetryDelay(o.RetryDelay, attempts)).ToUnixTimeMilliseconds(), status, error, cancellationToken);
            return false;
        }

        var delivery = new WebhookDelivery(Guid.CreateVersion7(at), subscription.Id, queued.EventId, queued.EventType, queued.Payload, attempts, status, error is null, error, at);
        await store.EndAsync(queued.Id, delivery, cancellationToken);
        await store.RecordOutcomeAsync(subscription.Id, delivery.Succeeded, o.DisableAfterFailures, error, cancellationToken);
        if (error is null)
        {
            return true;
        }

        LogDeadLettered(subscription.Id, queued.EventId, queued.EventType, attempts, error);
        return await store.GetAsync(subscription.Id, cancellationToken) is { Enabled: true };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {SubscriptionId} dead-lettered event {EventId} ({EventType}) after {Attempts} attempt(s): {Error}")]
    private partial void LogDeadLettered(Guid subscriptionId, Guid eventId, string eventType, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries could not be read or recorded; trying again shortly")]
    private partial void LogDispatchFailed(Exception exception);
}
