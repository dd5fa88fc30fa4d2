using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>The outbox: events claimed for delivery, acknowledged, failed and replayed.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default) => Guard(GetPendingEventsCoreAsync(maxCount, cancellationToken));

    private async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsCoreAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, type, process_id, instance_id, instance_version, time, data FROM mwf_outbox WHERE status = 0 ORDER BY seq LIMIT $max;";
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
    public Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default) => Guard(AcknowledgeEventsCoreAsync(eventIds, cancellationToken));

    private async Task AcknowledgeEventsCoreAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        using var relaxed = new Bookkeeping(connection);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE mwf_outbox SET status = 1, delivered_at = $now WHERE id = $id AND status = 0;";
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().UtcTicks);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var eventId in eventIds)
        {
            id.Value = Key(eventId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default) => Guard(GetOutboxCoreAsync(status, maxCount, cancellationToken));

    private async Task<IReadOnlyList<OutboxEntry>> GetOutboxCoreAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OutboxColumns} FROM mwf_outbox WHERE status = $status ORDER BY seq LIMIT $max;";
        command.Parameters.AddWithValue("$status", (int)status);
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
    /// writing its own id and a lease time on them, in a write transaction (SQLite's write lock
    /// lets one process claim at a time). Reading the pending events in commit order, an instance
    /// is passed over — all of its pending events — while any of them waits for a retry or is still
    /// leased (to any process: one claimed and not delivered, say because an earlier event of its
    /// instance failed, is claimed again when its lease ends); the events of every other instance
    /// are claimed in order, up to <paramref name="maxCount"/>. When nothing is pending, no write
    /// happens. The lease owner is recorded for whoever inspects the file.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using (var any = connection.CreateCommand())
        {
            // Most polls find nothing: look before taking the write lock.
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM mwf_outbox WHERE status = 0);";
            if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        using var relaxed = new Bookkeeping(connection);
        using var transaction = connection.BeginTransaction(deferred: false);
        var claimed = new List<(long Seq, OutboxEntry Entry)>();
        var passedOver = new HashSet<Guid>();
        long lastSeq = 0;
        using (var scan = connection.CreateCommand())
        {
            scan.Transaction = transaction;
            scan.CommandText = $"SELECT {OutboxColumns}, seq, lease_until FROM mwf_outbox WHERE status = 0 ORDER BY seq;";
            using var reader = await scan.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (claimed.Count < maxCount && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = ReadOutboxEntry(reader);
                var instance = entry.Event.InstanceId;
                lastSeq = reader.GetInt64(12);
                if (passedOver.Contains(instance))
                {
                    continue;
                }

                var leased = reader.GetInt64(13) > now.UtcTicks;
                if (leased || entry.NextAttemptAt > now)
                {
                    passedOver.Add(instance);
                    claimed.RemoveAll(c => c.Entry.Event.InstanceId == instance);
                    continue;
                }

                claimed.Add((lastSeq, entry));
            }
        }

        if (claimed.Count > 0)
        {
            // The scan stopped at maxCount: an instance claimed so far is passed over after all
            // when a later pending event of it waits for a retry or is leased. (This reads the
            // pending events after the last one scanned, through the status index; an index by
            // instance would cost the writer an update on every command.)
            using var later = connection.CreateCommand();
            later.Transaction = transaction;
            var instances = claimed.Select(c => c.Entry.Event.InstanceId).Distinct().ToList();
            var names = new List<string>();
            for (var i = 0; i < instances.Count; i++)
            {
                names.Add("$i" + i.ToString(CultureInfo.InvariantCulture));
                later.Parameters.AddWithValue(names[^1], Key(instances[i]));
            }

            later.CommandText = $"""
                SELECT DISTINCT instance_id FROM mwf_outbox
                WHERE status = 0 AND instance_id IN ({string.Join(", ", names)}) AND seq > $last
                  AND (next_attempt_at > $now OR lease_until > $now);
                """;
            later.Parameters.AddWithValue("$last", lastSeq);
            later.Parameters.AddWithValue("$now", now.UtcTicks);
            using (var reader = await later.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var instance = Guid.Parse(reader.GetString(0));
                    claimed.RemoveAll(c => c.Entry.Event.InstanceId == instance);
                }
            }

            using var take = connection.CreateCommand();
            take.Transaction = transaction;
            take.CommandText = "UPDATE mwf_outbox SET lease_owner = $owner, lease_until = $until WHERE seq = $seq;";
            take.Parameters.AddWithValue("$owner", _owner);
            take.Parameters.AddWithValue("$until", (now + lease).UtcTicks);
            var seq = take.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var (s, _) in claimed)
            {
                seq.Value = s;
                await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. claimed.Select(c => c.Entry)];
    }

    private const string OutboxColumns = "id, type, process_id, instance_id, instance_version, time, data, status, attempts, next_attempt_at, last_error, handled_by";

    private static OutboxEntry ReadOutboxEntry(SqliteDataReader reader)
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

    /// <summary>Records a failed delivery; <paramref name="handledBy"/> replaces the handlers recorded, or keeps them when <see langword="null"/>.</summary>
    private async Task RecordFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string>? handledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE mwf_outbox SET status = $status, attempts = attempts + 1, next_attempt_at = $next, last_error = $error,
                handled_by = CASE WHEN $replace THEN $handled ELSE handled_by END
            WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$status", (int)(retryAt is null ? OutboxStatus.DeadLettered : OutboxStatus.Pending));
        command.Parameters.AddWithValue("$next", retryAt?.UtcTicks ?? 0);
        command.Parameters.AddWithValue("$error", error);
        command.Parameters.AddWithValue("$replace", handledBy is not null);
        command.Parameters.AddWithValue("$handled", handledBy is { Count: > 0 } ? string.Join('\n', handledBy) : DBNull.Value);
        command.Parameters.AddWithValue("$id", Key(eventId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default) => Guard(ReplayEventCoreAsync(eventId, cancellationToken));

    private async Task<bool> ReplayEventCoreAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mwf_outbox SET status = 0, attempts = 0, next_attempt_at = 0, delivered_at = NULL, lease_owner = NULL, lease_until = 0 WHERE id = $id;";
        command.Parameters.AddWithValue("$id", Key(eventId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) => Guard(RemoveExpiredEventsCoreAsync(before, batchSize, cancellationToken));

    private async Task<int> RemoveExpiredEventsCoreAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // Through the index of events by time, which reads the old events only: the old delivered
        // ones and the few old ones still pending or dead-lettered. The index is not partial on the
        // status, so that acknowledging an event changes no index but the status one: on a file at
        // its size cap, the acknowledgements keep committing as long as they did before.
        command.CommandText = "DELETE FROM mwf_outbox WHERE seq IN (SELECT seq FROM mwf_outbox INDEXED BY ix_mwf_outbox_time WHERE status = 1 AND time < $before ORDER BY time LIMIT $batch);";
        command.Parameters.AddWithValue("$before", before.UtcTicks);
        command.Parameters.AddWithValue("$batch", batchSize);
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
