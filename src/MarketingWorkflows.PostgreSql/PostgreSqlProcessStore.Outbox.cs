using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The outbox: events claimed for delivery with a lease, in order per instance, acknowledged, failed and replayed.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default) => Guard(GetPendingEventsCoreAsync(maxCount, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsCoreAsync(int maxCount, CancellationToken cancellationToken)
        => [.. (await GetOutboxAsync(OutboxStatus.Pending, maxCount, cancellationToken).ConfigureAwait(false)).Select(e => e.Event)];

    /// <inheritdoc />
    /// <remarks>
    /// Events are claimed an instance at a time: <c>mwf_outbox_queues</c> holds a row for each
    /// instance with pending events, and a host leases instances' rows with
    /// <c>FOR UPDATE SKIP LOCKED</c>, longest-waiting first, then reads their pending events in
    /// order. Hosts never wait for each other or step over each other's instances. An instance
    /// whose first pending event waits for a retry is leased until that retry is due; an instance
    /// with nothing pending loses its row.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not waiting for the WAL flush: a claim lost in a crash only means its events are
            // claimed again, which at-least-once delivery allows.
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var claim = new NpgsqlBatch(connection, transaction);
            Add(claim, "SELECT set_config('synchronous_commit', 'off', true);");
            Add(
                claim,
                $"""
                UPDATE {_s}.mwf_outbox_queues q SET lease_owner = $1, lease_until = $2
                FROM (SELECT instance_id FROM {_s}.mwf_outbox_queues WHERE lease_until <= $3 ORDER BY lease_until, ord LIMIT $4 FOR UPDATE SKIP LOCKED) c
                WHERE q.instance_id = c.instance_id
                RETURNING q.instance_id;
                """,
                _owner,
                (now + lease).UtcTicks,
                now.UtcTicks,
                maxCount);
            var instances = new List<Guid>();
            using (var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    instances.Add(reader.GetGuid(0));
                }
            }

            if (instances.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return [];
            }

            // Each instance's first pending events, from the pending index, in two reads at most,
            // so that a claim reads about maxCount events however far delivery has fallen behind
            // (reading maxCount of every leased instance read thousands with a backlog): first an
            // equal share of maxCount for each leased instance; then, if that left the batch
            // short, more of the instances that filled their share.
            var share = (maxCount + instances.Count - 1) / instances.Count;
            var byInstance = new Dictionary<Guid, List<OutboxEntry>>();
            var order = new Dictionary<Guid, long>();
            await ReadPendingAsync(connection, instances, 0, share, byInstance, order, cancellationToken).ConfigureAwait(false);
            var ready = instances.Sum(id => byInstance.TryGetValue(id, out var events) ? Ready(events, now).Count() : 0);
            var more = instances.Where(id => byInstance.TryGetValue(id, out var events) && events.Count == share && Ready(events, now).Count() == share).ToArray();
            if (ready < maxCount && more.Length > 0)
            {
                await ReadPendingAsync(connection, more, share, maxCount - ready, byInstance, order, cancellationToken).ConfigureAwait(false);
            }

            // Per instance: nothing pending → its row goes; the first event waiting for a retry →
            // the instance rests until then; otherwise its events in order, up to maxCount in all.
            var claimed = new List<OutboxEntry>();
            var empty = new List<Guid>();
            var resting = new List<(Guid Instance, long Until)>();
            foreach (var id in instances)
            {
                if (!byInstance.TryGetValue(id, out var events))
                {
                    empty.Add(id);
                }
                else if (events[0].NextAttemptAt is { } retry && retry > now)
                {
                    resting.Add((id, retry.UtcTicks));
                }
                else
                {
                    claimed.AddRange(Ready(events, now).Take(maxCount - claimed.Count));
                }
            }

            // An instance that looks empty may have a command committing events right now: its
            // row goes only if the instance row can be locked (no command is running on it), and
            // nothing turned up once it was.
            // (The check runs in a statement after the lock, so it sees every commit before it.)
            var idle = new List<Guid>();
            if (empty.Count > 0)
            {
                using var lockIdle = Command(connection, $"SELECT id FROM {_s}.mwf_instances WHERE id = ANY($1) FOR UPDATE SKIP LOCKED;", empty.ToArray());
                using var reader = await lockIdle.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    idle.Add(reader.GetGuid(0));
                }
            }

            using var settle = new NpgsqlBatch(connection, transaction);
            if (idle.Count > 0)
            {
                Add(
                    settle,
                    $"DELETE FROM {_s}.mwf_outbox_queues q WHERE q.instance_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM {_s}.mwf_outbox o WHERE o.instance_id = q.instance_id AND o.status = 0);",
                    idle.ToArray());
            }

            if (empty.Count > 0)
            {
                Add(settle, $"UPDATE {_s}.mwf_outbox_queues SET lease_owner = NULL, lease_until = 0 WHERE instance_id = ANY($1);", empty.ToArray());
            }

            foreach (var (id, until) in resting)
            {
                Add(settle, $"UPDATE {_s}.mwf_outbox_queues SET lease_owner = NULL, lease_until = $1 WHERE instance_id = $2;", until, id);
            }

            // Instances the batch had no room for go back at once.
            var unused = instances.Except(empty).Except(resting.Select(r => r.Instance)).Except(claimed.Select(e => e.Event.InstanceId)).ToArray();
            if (unused.Length > 0)
            {
                Add(settle, $"UPDATE {_s}.mwf_outbox_queues SET lease_owner = NULL, lease_until = 0 WHERE instance_id = ANY($1);", unused);
            }

            if (settle.BatchCommands.Count > 0)
            {
                await settle.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return [.. claimed.OrderBy(e => order[e.Event.Id])];
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }

        static IEnumerable<OutboxEntry> Ready(List<OutboxEntry> events, DateTimeOffset now)
            => events.TakeWhile(e => e.NextAttemptAt is null || e.NextAttemptAt <= now);
    }

    /// <summary>Reads the pending events of <paramref name="instances"/> in order, skipping each one's first <paramref name="skip"/>, at most <paramref name="limit"/> each; adds them to their instances' lists and their places in the outbox to <paramref name="order"/>.</summary>
    private async Task ReadPendingAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> instances, int skip, int limit, Dictionary<Guid, List<OutboxEntry>> byInstance, Dictionary<Guid, long> order, CancellationToken cancellationToken)
    {
        using var read = Command(
            connection,
            $"SELECT {OutboxColumns("o.")}, o.seq FROM unnest($1::uuid[]) AS i (id) CROSS JOIN LATERAL (SELECT * FROM {_s}.mwf_outbox WHERE instance_id = i.id AND status = 0 ORDER BY seq OFFSET $2 LIMIT $3) o ORDER BY o.seq;",
            instances.ToArray(),
            skip,
            limit);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = ReadOutboxEntry(reader, 0);
            order[entry.Event.Id] = reader.GetInt64(12);
            if (!byInstance.TryGetValue(entry.Event.InstanceId, out var events))
            {
                byInstance[entry.Event.InstanceId] = events = [];
            }

            events.Add(entry);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Marks the events delivered and hands their instances back (those still leased by this
    /// host), at the end of the line, for the next claim, which removes an instance's row once
    /// nothing is pending.
    /// </remarks>
    public async Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        // An acknowledgement lost in a crash means the events are delivered again.
        await ExecuteWithoutFlushAsync(
            $"""
            WITH delivered AS (
                UPDATE {_s}.mwf_outbox SET status = 1, delivered_at = $1 WHERE id = ANY($2) AND status = 0 RETURNING instance_id)
            UPDATE {_s}.mwf_outbox_queues SET lease_owner = NULL, lease_until = 0, ord = DEFAULT
            WHERE instance_id IN (SELECT instance_id FROM delivered) AND lease_owner = $3;
            """,
            cancellationToken,
            _time.GetUtcNow().UtcTicks,
            eventIds.ToArray(),
            _owner).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default) => Guard(GetOutboxCoreAsync(status, maxCount, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<OutboxEntry>> GetOutboxCoreAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {OutboxColumns(string.Empty)} FROM {_s}.mwf_outbox WHERE status = $1 ORDER BY seq LIMIT $2;", (short)status, maxCount);
        var entries = new List<OutboxEntry>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadOutboxEntry(reader, 0));
        }

        return entries;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Recorded only while this host still holds the event's instance (or nobody does): a host
    /// whose lease ran out and was taken over records nothing, and the new holder delivers. The
    /// instance rests until the retry is due; a dead-lettered event lets the next one go. The
    /// handlers that received the event are kept on its row.
    /// </remarks>
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handledBy);
        return Guard(RecordFailureAsync(eventId, error, retryAt, [.. handledBy], cancellationToken), cancellationToken);
    }

    private async Task RecordFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, string[]? handledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        await ExecuteWithoutFlushAsync(
            $"""
            WITH failed AS (
                UPDATE {_s}.mwf_outbox o SET status = $1, attempts = attempts + 1, next_attempt_at = $2, last_error = $3,
                    handled_by = CASE WHEN $6 THEN $7::text[] ELSE o.handled_by END
                WHERE o.id = $4 AND NOT EXISTS (SELECT 1 FROM {_s}.mwf_outbox_queues q
                                                WHERE q.instance_id = o.instance_id AND q.lease_owner IS NOT NULL AND q.lease_owner <> $5)
                RETURNING o.instance_id)
            UPDATE {_s}.mwf_outbox_queues SET lease_owner = NULL, lease_until = $2, ord = DEFAULT
            WHERE instance_id IN (SELECT instance_id FROM failed);
            """,
            cancellationToken,
            (short)(retryAt is null ? OutboxStatus.DeadLettered : OutboxStatus.Pending),
            retryAt?.UtcTicks ?? 0L,
            error,
            eventId,
            _owner,
            handledBy is not null,
            new NpgsqlParameter { Value = handledBy is { Length: > 0 } ? handledBy : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one statement of the event dispatcher's bookkeeping in a transaction that does not
    /// wait for the WAL flush: one lost in a crash only means an event is delivered again, which
    /// at-least-once delivery allows.
    /// </summary>
    private async Task ExecuteWithoutFlushAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using var batch = new NpgsqlBatch(connection, transaction);
            Add(batch, "SELECT set_config('synchronous_commit', 'off', true);");
            Add(batch, sql, parameters);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <inheritdoc />
    public Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default) => Guard(ReplayEventCoreAsync(eventId, cancellationToken), cancellationToken);

    private async Task<bool> ReplayEventCoreAsync(Guid eventId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"""
            WITH replayed AS (
                UPDATE {_s}.mwf_outbox SET status = 0, attempts = 0, next_attempt_at = 0, delivered_at = NULL WHERE id = $1 RETURNING instance_id)
            INSERT INTO {_s}.mwf_outbox_queues (instance_id) SELECT instance_id FROM replayed
            ON CONFLICT (instance_id) DO UPDATE SET instance_id = EXCLUDED.instance_id
            RETURNING instance_id;
            """,
            eventId);
        var replayed = await ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false) is Guid;
        if (replayed)
        {
            AnnounceWork(EventsBit);
        }

        return replayed;
    }

    private static string OutboxColumns(string alias)
        => string.Join(", ", new[] { "id", "type", "process_id", "instance_id", "instance_version", "time", "data", "status", "attempts", "next_attempt_at", "last_error", "handled_by" }.Select(c => alias + c));

    private static OutboxEntry ReadOutboxEntry(NpgsqlDataReader reader, int first)
    {
        var e = new ProcessEvent(reader.GetGuid(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetGuid(first + 3), reader.GetInt64(first + 4), Time(reader.GetInt64(first + 5)), reader.GetFieldValue<byte[]>(first + 6));
        var next = reader.GetInt64(first + 9);
        return new OutboxEntry(e, (OutboxStatus)reader.GetInt16(first + 7), reader.GetInt32(first + 8), next == 0 ? null : Time(next), reader.IsDBNull(first + 10) ? null : reader.GetString(first + 10))
        {
            HandledBy = reader.IsDBNull(first + 11) ? [] : reader.GetFieldValue<string[]>(first + 11),
        };
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) => Guard(RemoveExpiredEventsCoreAsync(before, batchSize, cancellationToken), cancellationToken);

    private async Task<int> RemoveExpiredEventsCoreAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Through the partial index of delivered events by time. The batch is chosen and locked once
        // (a materialized CTE: a LIMIT inside IN may be evaluated again), skipping rows a replay holds.
        using var command = Command(
            connection,
            $"WITH doomed AS MATERIALIZED (SELECT seq FROM {_s}.mwf_outbox WHERE status = 1 AND time < $1 ORDER BY time LIMIT $2 FOR UPDATE SKIP LOCKED) DELETE FROM {_s}.mwf_outbox o USING doomed d WHERE o.seq = d.seq;",
            before.UtcTicks,
            batchSize);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
