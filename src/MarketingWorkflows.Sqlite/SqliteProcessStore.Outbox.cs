using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// The outbox: events claimed for delivery, acknowledged, failed and replayed. An event's row in
/// <c>mwf_outbox</c> is written by its command and not touched on delivery: an event is pending
/// while <c>mwf_outbox_pending</c> holds a row for it (with its next attempt and lease), and
/// delivered once that row is gone; the event row records failures (attempts, last error, the
/// handlers that had it) and, in <c>status</c>, whether it was dead-lettered (2) or not (1).
/// </summary>
public sealed partial class SqliteProcessStore
{
    /// <summary>The columns of <see cref="ReadOutboxEntry"/> for a pending event, from the event row <c>o</c> and its pending row <c>p</c>.</summary>
    internal const string PendingColumns = "o.id, o.type, o.process_id, o.instance_id, o.instance_version, o.time, o.data, 0, o.attempts, p.next_attempt_at, o.last_error, o.handled_by";

    /// <summary>The columns of <see cref="ReadOutboxEntry"/> for an event that is not pending (delivered or dead-lettered), from its row <c>o</c>, whose status is then 1 or 2.</summary>
    private const string SettledColumns = "o.id, o.type, o.process_id, o.instance_id, o.instance_version, o.time, o.data, o.status, o.attempts, 0, o.last_error, o.handled_by";

    /// <summary>The event row's <c>status</c> of a dead-lettered event.</summary>
    private const int DeadLettered = (int)OutboxStatus.DeadLettered;

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default) => Guard(GetPendingEventsCoreAsync(maxCount, cancellationToken));

    private async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsCoreAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT o.id, o.type, o.process_id, o.instance_id, o.instance_version, o.time, o.data FROM mwf_outbox_pending p JOIN mwf_outbox o ON o.seq = p.seq ORDER BY p.seq LIMIT $max;";
        command.Parameters.AddWithValue("$max", maxCount);
        var events = new List<ProcessEvent>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new ProcessEvent(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), Guid.Parse(reader.GetString(3)), reader.GetInt64(4), Time(reader.GetInt64(5)), (byte[])reader.GetValue(6)));
        }

        return events;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The acknowledgement goes to the writer and commits in its next group, beside the commands
    /// being written (see <see cref="PendingWrite"/>): it deletes the events' rows of pending
    /// events and leaves the events' own rows as they are.
    /// </remarks>
    public Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => Guard(AcknowledgeEventsCoreAsync(eventIds, cancellationToken));

    private async Task AcknowledgeEventsCoreAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await WriteAsync(new PendingAcknowledgement(eventIds)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default) => Guard(GetOutboxCoreAsync(status, maxCount, cancellationToken));

    private async Task<IReadOnlyList<OutboxEntry>> GetOutboxCoreAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = status switch
        {
            OutboxStatus.Pending => $"SELECT {PendingColumns} FROM mwf_outbox_pending p JOIN mwf_outbox o ON o.seq = p.seq ORDER BY p.seq LIMIT $max;",
            OutboxStatus.DeadLettered => $"SELECT {SettledColumns} FROM mwf_outbox o WHERE o.status = {DeadLettered} ORDER BY o.seq LIMIT $max;",
            _ => $"SELECT {SettledColumns} FROM mwf_outbox o WHERE o.status <> {DeadLettered} AND NOT EXISTS (SELECT 1 FROM mwf_outbox_pending p WHERE p.seq = o.seq) ORDER BY o.seq LIMIT $max;",
        };
        command.Parameters.AddWithValue("$max", maxCount);
        var entries = new List<OutboxEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadOutboxEntry(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Several processes may deliver events from one file: each claims the events it delivers by
    /// writing its own id and a lease time on their rows of pending events, in a write transaction
    /// (SQLite's write lock lets one process claim at a time; in this process the claim is written
    /// in the writer's next group, beside the commands). Reading the pending events in commit
    /// order, an instance is passed over — all of its pending events — while any of them waits for
    /// a retry or is still leased (to any process: one claimed and not delivered, say because an
    /// earlier event of its instance failed, is claimed again when its lease ends); the events of
    /// every other instance are claimed in order, up to <paramref name="maxCount"/>. When nothing
    /// is pending, no write happens. The lease owner is recorded for whoever inspects the file.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        using (var any = connection.CreateCommand())
        {
            // Most polls find nothing: look before queueing a write.
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM mwf_outbox_pending);";
            if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        var claim = new PendingClaim(now, maxCount, lease, _owner);
        await Guard(WriteAsync(claim)).ConfigureAwait(false);
        return claim.Claimed;
    }

    /// <summary>Reads an outbox entry from the columns <see cref="PendingColumns"/> or <see cref="SettledColumns"/> name.</summary>
    internal static OutboxEntry ReadOutboxEntry(SqliteDataReader reader)
    {
        var e = new ProcessEvent(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), Guid.Parse(reader.GetString(3)), reader.GetInt64(4), Time(reader.GetInt64(5)), (byte[])reader.GetValue(6));
        var next = reader.GetInt64(9);
        return new OutboxEntry(e, (OutboxStatus)reader.GetInt32(7), reader.GetInt32(8), next == 0 ? null : Time(next), reader.IsDBNull(10) ? null : reader.GetString(10))
        {
            HandledBy = reader.IsDBNull(11) ? [] : reader.GetString(11).Split('\n'),
        };
    }

    /// <inheritdoc />
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handledBy);
        return Guard(RecordFailureAsync(eventId, error, retryAt, handledBy, cancellationToken));
    }

    /// <summary>
    /// Records a failed delivery on the event row; the event stays pending with its next attempt
    /// (or becomes pending again), or leaves the pending events dead-lettered.
    /// </summary>
    private async Task RecordFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = retryAt is null
            ? $"""
                UPDATE mwf_outbox SET status = {DeadLettered}, attempts = attempts + 1, last_error = $error, handled_by = $handled WHERE id = $id;
                DELETE FROM mwf_outbox_pending WHERE seq = (SELECT seq FROM mwf_outbox WHERE id = $id);
                """
            : """
                UPDATE mwf_outbox SET status = 1, attempts = attempts + 1, last_error = $error, handled_by = $handled WHERE id = $id;
                INSERT INTO mwf_outbox_pending (seq, next_attempt_at) SELECT seq, $next FROM mwf_outbox WHERE id = $id
                    ON CONFLICT (seq) DO UPDATE SET next_attempt_at = excluded.next_attempt_at;
                """;
        command.Parameters.AddWithValue("$next", retryAt?.UtcTicks ?? 0);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$handled", handledBy.Count > 0 ? string.Join('\n', handledBy) : DBNull.Value);
        command.Parameters.AddWithValue("$id", Key(eventId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default) => Guard(ReplayEventCoreAsync(eventId, cancellationToken));

    private async Task<bool> ReplayEventCoreAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // Its last error and the handlers that had it stay: a replay goes to the others.
        command.CommandText = """
            UPDATE mwf_outbox SET status = 1, attempts = 0 WHERE id = $id;
            INSERT OR REPLACE INTO mwf_outbox_pending (seq) SELECT seq FROM mwf_outbox WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", Key(eventId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        var replayed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return replayed;
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) => Guard(RemoveExpiredEventsCoreAsync(before, batchSize, cancellationToken));

    // Through the index of events by time, which reads the old events only: the old delivered
    // ones and the few old ones still pending or dead-lettered.
    private Task<int> RemoveExpiredEventsCoreAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
        => RemoveExpiredBatchAsync(
            $"""
            DELETE FROM mwf_outbox WHERE seq IN (
                SELECT o.seq FROM mwf_outbox o INDEXED BY ix_mwf_outbox_time
                WHERE o.time < $before AND o.status <> {DeadLettered} AND NOT EXISTS (SELECT 1 FROM mwf_outbox_pending p WHERE p.seq = o.seq)
                ORDER BY o.time LIMIT $batch);
            """,
            before,
            batchSize,
            cancellationToken);
}
