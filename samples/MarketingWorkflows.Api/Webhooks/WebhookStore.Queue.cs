using System.Data.Common;
using System.Globalization;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// The delivery queue: one row per event still to be delivered to one subscription, in the
/// order the events came, with that delivery's own attempt count and the time of its next
/// attempt. Each subscription's queue moves on its own, so one receiver's failures hold up
/// only its own later events.
/// </summary>
internal sealed partial class WebhookStore
{
    private const string QueueColumns = "id, subscription_id, event_id, event_type, payload, position, attempts, due_at, last_status, last_error";

    private const string QueueTable = """
        CREATE TABLE IF NOT EXISTS mwf_webhook_queue (
            id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            payload TEXT NOT NULL, position BIGINT NOT NULL, attempts INTEGER NOT NULL, due_at BIGINT NOT NULL,
            last_status INTEGER NULL, last_error TEXT NULL, UNIQUE (subscription_id, event_id))
        """;

    private const string QueueIndex = "CREATE INDEX IF NOT EXISTS mwf_webhook_queue_by_subscription ON mwf_webhook_queue (subscription_id, position)";

    /// <summary>
    /// Queues an event for a subscription, unless it is queued already or its delivery has
    /// ended (the outbox delivers an event at least once, so it can come again).
    /// </summary>
    public async Task EnqueueAsync(WebhookQueued q, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            $"""
            INSERT INTO mwf_webhook_queue ({QueueColumns})
            SELECT @id, @subscription, @event, @type, @payload, @position, 0, @due, NULL, NULL
            WHERE NOT EXISTS (SELECT 1 FROM mwf_webhook_deliveries WHERE subscription_id = @subscription AND event_id = @event)
            ON CONFLICT (subscription_id, event_id) DO NOTHING
            """,
            [("id", Text(q.Id)), ("subscription", Text(q.SubscriptionId)), ("event", Text(q.EventId)), ("type", q.EventType), ("payload", q.Payload), ("position", q.Position), ("due", q.DueAt)],
            cancellationToken);
    }

    /// <summary>Lists the first queued delivery of every subscription that has one.</summary>
    public async Task<IReadOnlyList<WebhookQueued>> QueueHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAsync(
            connection,
            $"SELECT {QueueColumns} FROM mwf_webhook_queue q WHERE q.position = (SELECT MIN(h.position) FROM mwf_webhook_queue h WHERE h.subscription_id = q.subscription_id) ORDER BY q.due_at",
            [],
            Queued,
            cancellationToken);
    }

    /// <summary>Gets a subscription's first queued delivery, or <see langword="null"/> when its queue is empty.</summary>
    public async Task<WebhookQueued?> QueueHeadAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, $"SELECT {QueueColumns} FROM mwf_webhook_queue WHERE subscription_id = @s ORDER BY position, id LIMIT 1", [("s", Text(subscriptionId))], Queued, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Counts a subscription's queued deliveries.</summary>
    public async Task<int> QueuedCountAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAsync(connection, "SELECT COUNT(*) FROM mwf_webhook_queue WHERE subscription_id = @s", [("s", Text(subscriptionId))], r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken))[0];
    }

    /// <summary>
    /// Takes a queued delivery for one attempt: moves its next attempt to <paramref name="leaseUntil"/>
    /// if nobody else took it since it was read, so that two hosts never send it at once and a host
    /// that stops mid-attempt leaves it to be tried again after the lease.
    /// </summary>
    public async Task<bool> ClaimAsync(WebhookQueued q, long leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, "UPDATE mwf_webhook_queue SET due_at = @lease WHERE id = @id AND due_at = @seen", [("id", Text(q.Id)), ("lease", leaseUntil), ("seen", q.DueAt)], cancellationToken) == 1;
    }

    /// <summary>Records a failed attempt that will be tried again at <paramref name="dueAt"/>.</summary>
    public async Task RetryLaterAsync(Guid id, int attempts, long dueAt, int? status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE mwf_webhook_queue SET attempts = @attempts, due_at = @due, last_status = @status, last_error = @error WHERE id = @id", [("id", Text(id)), ("attempts", attempts), ("due", dueAt), ("status", status), ("error", error)], cancellationToken);
    }

    /// <summary>Ends a queued delivery: logs how it ended (taken, or dead-lettered) and takes it off the queue.</summary>
    public async Task EndAsync(Guid queuedId, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await AddDeliveryAsync(delivery, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM mwf_webhook_queue WHERE id = @id", [("id", Text(queuedId))], cancellationToken);
    }

    private static WebhookQueued Queued(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Guid.Parse(r.GetString(1)),
        Guid.Parse(r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture),
        Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
        Convert.ToInt64(r.GetValue(7), CultureInfo.InvariantCulture),
        r.IsDBNull(8) ? null : Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
        r.IsDBNull(9) ? null : r.GetString(9));
}

/// <summary>An event waiting to be delivered to one subscription.</summary>
/// <param name="Id">The queued delivery's id.</param>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="EventId">The event.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Payload">The body to send.</param>
/// <param name="Position">Its place in the subscription's queue (earlier events first).</param>
/// <param name="Attempts">The attempts made so far.</param>
/// <param name="DueAt">When the next attempt may start, in Unix milliseconds.</param>
/// <param name="LastStatus">The last attempt's status, or <see langword="null"/>.</param>
/// <param name="LastError">What went wrong the last time, or <see langword="null"/>.</param>
internal sealed record WebhookQueued(Guid Id, Guid SubscriptionId, Guid EventId, string EventType, string Payload, long Position, int Attempts, long DueAt, int? LastStatus, string? LastError);
