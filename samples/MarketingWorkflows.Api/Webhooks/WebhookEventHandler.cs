using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Takes each event from the outbox and queues one delivery for every subscription that wants
/// it, then returns: sending is the <see cref="WebhookDispatcher"/>'s job, per subscription, so a
/// receiver that fails (or a subscription that cannot be sent at all) never makes the outbox
/// retry the event or hold up the instance's later events for everyone.
/// </summary>
internal sealed class WebhookEventHandler(WebhookStore store, WebhookDispatcher dispatcher, TimeProvider time) : IProcessEventHandler
{
    private long _lastPosition;

    public async Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processEvent);
        var subscriptions = await store.ListCachedAsync(cancellationToken);
        string? payload = null;
        var queued = false;
        foreach (var subscription in subscriptions.Where(s => s.Wants(processEvent)))
        {
            payload ??= Payload(processEvent);
            var now = time.GetUtcNow();
            await store.EnqueueAsync(new WebhookQueued(Guid.CreateVersion7(now), subscription.Id, processEvent.Id, processEvent.Type, payload, NextPosition(now), 0, now.ToUnixTimeMilliseconds(), null, null), cancellationToken);
            queued = true;
        }

        if (queued)
        {
            dispatcher.Wake();
        }
    }

    /// <summary>The body: the event in the Standard Webhooks shape (type, timestamp, data), with the CloudEvents fields beside.</summary>
    internal static string Payload(ProcessEvent e) => JsonSerializer.Serialize(new
    {
        type = e.Type,
        timestamp = e.Time,
        id = e.Id,
        source = $"/processes/{e.ProcessId}",
        subject = e.InstanceId,
        instanceVersion = e.InstanceVersion,
        data = e.Data,
    });

    // Queue order is arrival order: the clock's ticks, kept strictly increasing within this host.
    private long NextPosition(DateTimeOffset now)
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastPosition);
            var next = Math.Max(last + 1, now.UtcTicks);
            if (Interlocked.CompareExchange(ref _lastPosition, next, last) == last)
            {
                return next;
            }
        }
    }
}
