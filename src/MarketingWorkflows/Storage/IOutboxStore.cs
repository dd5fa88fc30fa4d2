using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// The outbox: events a command committed, claimed for delivery with a lease, acknowledged, failed (retried later or dead-lettered) and replayed.
/// Part of <see cref="IProcessStore"/>: a store implements every part over one database, so that
/// <see cref="IInstanceStore.CommitAsync"/> can save them together.
/// </summary>
public interface IOutboxStore
{
    /// <summary>
    /// Takes pending events for this caller to deliver, oldest first. A store shared by several
    /// hosts skips those waiting for a retry and every later event of their instance (events are
    /// delivered in order per instance), and hands each event it returns, with the later events of
    /// its instance, to one caller at a time, for <paramref name="lease"/>. A store used by one host
    /// may instead return every pending entry, as <see cref="GetOutboxAsync"/> does: the event
    /// dispatcher itself holds back an entry whose retry is not due, and the later events of its
    /// instance.
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <param name="maxCount">The most events to take.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries claimed, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Reads the events not yet delivered, oldest first.</summary>
    /// <param name="maxCount">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the events one instance version produced (<see cref="ProcessEvent.InstanceVersion"/>):
    /// the events of the command that brought the instance to that version, in the order it
    /// committed them, whether pending, delivered or dead-lettered. Events removed by
    /// <see cref="RemoveExpiredEventsAsync"/> are not returned. The engine calls it only to
    /// replay a command found by its idempotency key, so a store need answer only for versions
    /// committed with an idempotency record (<see cref="InstanceCommit.Idempotency"/>) and may
    /// answer nothing for the others: SQLite, for one, indexes only those events, so that a
    /// command without a key writes no index entry for a replay that cannot come. Serve it from
    /// an index, not by reading the outbox.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="instanceVersion">The version.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, in commit order; empty when the version produced none or there is no such instance.</returns>
    Task<IReadOnlyList<ProcessEvent>> GetEventsAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken = default);

    /// <summary>Marks events as delivered, so they are no longer pending.</summary>
    /// <param name="eventIds">The events.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the marks are saved.</returns>
    Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default);

    /// <summary>Gets outbox entries with a status, in the order their commands committed, with their delivery attempts.</summary>
    /// <param name="status">Which entries.</param>
    /// <param name="maxCount">The most entries to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries, oldest first.</returns>
    Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed delivery: the event is tried again at <paramref name="retryAt"/>, or
    /// dead-lettered when it is <see langword="null"/>, and its attempts count one more. The
    /// handlers that did receive it (<paramref name="handledBy"/>, every one so far, replacing what
    /// was recorded) are kept, so that a retry or a replay skips them.
    /// </summary>
    /// <param name="eventId">The event.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="retryAt">When to try again, or <see langword="null"/> to give up.</param>
    /// <param name="handledBy">The names of the handlers that have received the event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default);

    /// <summary>Puts a delivered or dead-lettered event back in the queue, with its attempts reset.</summary>
    /// <param name="eventId">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the event exists.</returns>
    Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes up to <paramref name="batchSize"/> delivered events whose commands committed
    /// (<see cref="ProcessEvent.Time"/>) before <paramref name="before"/>, oldest first, in one
    /// short transaction. Pending and dead-lettered events are never removed: they stay until they
    /// are delivered. The retention worker calls it in a loop with
    /// <see cref="MarketingWorkflowsOptions.DeliveredEventRetention"/>, until a call removes fewer
    /// than it asked for.
    /// </summary>
    /// <param name="before">Delivered events of commands committed before this time go.</param>
    /// <param name="batchSize">The most events to remove in this call; at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many events were removed.</returns>
    Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default);
}
