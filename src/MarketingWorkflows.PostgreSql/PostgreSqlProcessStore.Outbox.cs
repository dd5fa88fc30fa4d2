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
    private string? _claimSql;

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default) => Guard(GetPendingEventsCoreAsync(maxCount, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsCoreAsync(int maxCount, CancellationToken cancellationToken)
        => [.. (await GetOutboxAsync(OutboxStatus.Pending, maxCount, cancellationToken).ConfigureAwait(false)).Select(e => e.Event)];

    /// <inheritdoc />
    /// <remarks>
    /// Events are claimed an instance at a time: <c>mwf_outbox_queues</c> holds a row for each
    /// instance with pending events, and a host leases instances' rows with
    /// <c>FOR UPDATE SKIP LOCKED</c>, longest-waiting first, and reads their pending events in
    /// order, in one statement. Hosts never wait for each other or step over each other's
    /// instances. An instance whose first pending event waits for a retry is leased until that
    /// retry is due; an instance with nothing pending loses its row.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One round trip: the batch is one implicit transaction. Not waiting for the WAL flush:
            // a claim lost in a crash only means its events are claimed again, which
            // at-least-once delivery allows.
            using var claim = new NpgsqlBatch(connection);
            Add(claim, BookkeepingSettings);
            Add(claim, ClaimSql, _owner, (now + lease).UtcTicks, now.UtcTicks, maxCount);
            var claimed = new List<OutboxEntry>();
            using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(ReadOutboxEntry(reader, 0));
            }

            return claimed;
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>
    /// Gets the claim, one statement over parameters $1 (this host), $2 (the lease's end), $3 (now)
    /// and $4 (the most events), returning the events claimed in the outbox's order. Its parts:
    /// <list type="bullet">
    /// <item><c>candidates</c>: up to $4 queue rows whose lease ran out, longest-waiting first,
    /// locked with <c>FOR UPDATE SKIP LOCKED</c> until the statement ends, so no other host takes
    /// them meanwhile; materialized, so they are chosen and locked once.</item>
    /// <item><c>first</c>, <c>more</c>: each instance's first pending events, from where its queue
    /// row says they begin, in two reads at most, so that a claim reads about $4 events however far
    /// delivery has fallen behind (reading $4 of every leased instance read thousands with a
    /// backlog): first an equal share of $4 for each instance; then, if that left the batch short,
    /// more of the instances that filled their share with events ready to go. How short it is
    /// (<c>rest</c>) is materialized: inlined, it was computed again for every instance (a sort
    /// of the whole batch each time, 44 ms of a 63 ms claim of 800 events).</item>
    /// <item><c>claimed</c>: per instance, its events up to the first that waits for a retry; at
    /// most $4 in all, the instances in their turn.</item>
    /// <item><c>leased</c>: an instance with events in the batch is leased to this host; one whose
    /// first event waits for a retry rests until then; the others are left as they were (free).</item>
    /// <item><c>idle</c>, <c>seen</c>, <c>dropped</c>: an instance with nothing pending loses its
    /// queue row, but a command may be committing events to it right now, which this statement
    /// cannot see; that command holds the instance row's lock until it commits and leaves the
    /// queue row as it found it. So the row goes only if the instance row can be locked now
    /// (no command is running on it) and neither it nor the queue row changed since the
    /// statement's snapshot (no command, and no replay, committed in between): the locked rows
    /// are the newest versions, <c>seen</c> reads the snapshot's.</item>
    /// </list>
    /// </summary>
    private string ClaimSql => _claimSql ??= $"""
        WITH candidates AS MATERIALIZED (
            SELECT instance_id, from_seq, lease_until, ord, xmin AS row_version FROM {_s}.mwf_outbox_queues
            WHERE lease_until <= $3 ORDER BY lease_until, ord LIMIT $4 FOR UPDATE SKIP LOCKED),
        share AS (
            SELECT ($4 + count(*) - 1) / greatest(count(*), 1) AS n FROM candidates),
        first AS MATERIALIZED (
            SELECT o.seq, {OutboxColumns("o.")} FROM candidates c CROSS JOIN share s CROSS JOIN LATERAL (
                SELECT * FROM {_s}.mwf_outbox e WHERE e.instance_id = c.instance_id AND e.seq >= c.from_seq AND e.status = 0
                ORDER BY e.seq LIMIT s.n) o),
        tally AS (
            SELECT instance_id, count(*) AS fetched, bool_and(next_attempt_at <= $3) AS all_ready, max(seq) AS last FROM first GROUP BY instance_id),
        rest AS MATERIALIZED (
            SELECT $4 - count(*) AS n FROM (
                SELECT bool_and(next_attempt_at <= $3) OVER (PARTITION BY instance_id ORDER BY seq) AS ready FROM first) r
            WHERE r.ready),
        more AS MATERIALIZED (
            SELECT o.seq, {OutboxColumns("o.")} FROM tally t CROSS JOIN share s CROSS JOIN rest r CROSS JOIN LATERAL (
                SELECT * FROM {_s}.mwf_outbox e WHERE e.instance_id = t.instance_id AND e.seq > t.last AND e.status = 0
                ORDER BY e.seq LIMIT greatest(r.n, 0)) o
            WHERE t.fetched = s.n AND t.all_ready AND r.n > 0),
        ranked AS (
            SELECT f.*, bool_and(f.next_attempt_at <= $3) OVER (PARTITION BY f.instance_id ORDER BY f.seq) AS ready,
                   row_number() OVER (PARTITION BY f.instance_id ORDER BY f.seq) AS place
            FROM (SELECT * FROM first UNION ALL SELECT * FROM more) f),
        turns AS (
            SELECT instance_id, row_number() OVER (ORDER BY lease_until, ord) AS turn FROM candidates),
        claimed AS (
            SELECT * FROM (
                SELECT r.*, row_number() OVER (ORDER BY t.turn, r.seq) AS taken_place
                FROM ranked r JOIN turns t ON t.instance_id = r.instance_id WHERE r.ready) x
            WHERE x.taken_place <= $4),
        heads AS (
            SELECT c.instance_id, c.row_version, h.seq AS head, h.next_attempt_at AS head_retry,
                   EXISTS (SELECT 1 FROM claimed k WHERE k.instance_id = c.instance_id) AS taken
            FROM candidates c LEFT JOIN ranked h ON h.instance_id = c.instance_id AND h.place = 1),
        leased AS (
            UPDATE {_s}.mwf_outbox_queues q
            SET lease_owner = CASE WHEN h.taken THEN $1 END, lease_until = CASE WHEN h.taken THEN $2 ELSE h.head_retry END
            FROM heads h WHERE q.instance_id = h.instance_id AND (h.taken OR h.head_retry > $3)),
        idle AS MATERIALIZED (
            SELECT i.id, i.version FROM {_s}.mwf_instances i
            WHERE i.id IN (SELECT instance_id FROM heads WHERE head IS NULL) FOR UPDATE OF i SKIP LOCKED),
        seen AS (
            SELECT q.instance_id, q.xmin AS row_version, i.version FROM {_s}.mwf_outbox_queues q JOIN {_s}.mwf_instances i ON i.id = q.instance_id
            WHERE q.instance_id IN (SELECT instance_id FROM heads WHERE head IS NULL)),
        dropped AS (
            DELETE FROM {_s}.mwf_outbox_queues q USING idle d, seen s, heads h
            WHERE q.instance_id = d.id AND s.instance_id = d.id AND h.instance_id = d.id
              AND s.version = d.version AND s.row_version = h.row_version)
        SELECT {OutboxColumns(string.Empty)} FROM claimed ORDER BY seq;
        """;

    /// <inheritdoc />
    /// <remarks>
    /// Marks the events delivered and hands their instances back (those still leased by this
    /// host), at the end of the line, for the next claim, which removes an instance's row once
    /// nothing is pending. Only columns that no index holds change, on tables that keep room on
    /// their pages, so PostgreSQL writes each row's new version beside the old one (a heap-only
    /// update) and touches no index.
    /// </remarks>
    public async Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        // The queue row's from_seq moves up to the instance's first event still pending (the
        // statement's snapshot shows the events it marks as pending, hence their exclusion), or
        // past the last one marked. Only the instance's holder moves it: a replay lowers it and
        // clears the holder, so an acknowledgement that read its events before the replay
        // committed cannot move it past the replayed event.
        // An acknowledgement lost in a crash means the events are delivered again.
        await ExecuteWithoutFlushAsync(
            $"""
            WITH delivered AS (
                UPDATE {_s}.mwf_outbox SET status = 1, delivered_at = $1 WHERE id = ANY($2) AND status = 0 RETURNING instance_id, seq)
            UPDATE {_s}.mwf_outbox_queues q SET lease_owner = NULL, lease_until = 0, ord = DEFAULT,
                from_seq = greatest(q.from_seq, coalesce(
                    (SELECT o.seq FROM {_s}.mwf_outbox o
                     WHERE o.instance_id = q.instance_id AND o.seq >= q.from_seq AND o.status = 0 AND o.seq NOT IN (SELECT seq FROM delivered)
                     ORDER BY o.seq LIMIT 1),
                    d.last + 1))
            FROM (SELECT instance_id, max(seq) AS last FROM delivered GROUP BY instance_id) d
            WHERE q.instance_id = d.instance_id AND q.lease_owner = $3;
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
        // No index holds the status (an acknowledgement would then have to change one): the pending
        // events are found from their instances' queue rows, the dead-lettered ones through their
        // partial index, and the delivered ones, nearly all the rest, in order.
        var sql = status switch
        {
            OutboxStatus.Pending => $"""
                SELECT {OutboxColumns("o.")} FROM {_s}.mwf_outbox_queues q CROSS JOIN LATERAL (
                    SELECT * FROM {_s}.mwf_outbox e WHERE e.instance_id = q.instance_id AND e.seq >= q.from_seq AND e.status = $1 ORDER BY e.seq LIMIT $2) o
                ORDER BY o.seq LIMIT $2;
                """,
            OutboxStatus.DeadLettered => $"SELECT {OutboxColumns(string.Empty)} FROM {_s}.mwf_outbox WHERE dead_lettered AND status = $1 ORDER BY seq LIMIT $2;",
            _ => $"SELECT {OutboxColumns(string.Empty)} FROM {_s}.mwf_outbox WHERE status = $1 ORDER BY seq LIMIT $2;",
        };
        using var command = Command(connection, sql, (short)status, maxCount);
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
    /// The settings of the dispatcher's bookkeeping, for its transaction alone:
    /// <list type="bullet">
    /// <item><c>synchronous_commit</c> off: it does not wait for the WAL flush; bookkeeping lost
    /// in a crash only means events are claimed or delivered again, which at-least-once delivery
    /// allows.</item>
    /// <item><c>jit</c> off: the claim's estimated cost (its per-instance reads, planned for the
    /// worst) passes the server's JIT threshold, and compiling it took about 200 ms on every call
    /// for a statement that runs in a few milliseconds, so delivery fell behind the commands.</item>
    /// <item><c>enable_bitmapscan</c> off: each instance's pending events are read along
    /// <c>ix_mwf_outbox_instance</c> in order, stopping after the few the statement takes. The
    /// statistics say nearly every event is delivered, so the planner expects one pending event
    /// per instance and would rather collect the instance's whole range by bitmap and sort it;
    /// with a backlog that range is every pending event (21 ms for 32 instances of about 400
    /// pending events each, against 1.4 ms in order).</item>
    /// </list>
    /// </summary>
    private const string BookkeepingSettings = "SELECT set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true), set_config('enable_bitmapscan', 'off', true);";

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
            // One round trip: the batch is one implicit transaction, which the settings last for.
            using var batch = new NpgsqlBatch(connection);
            Add(batch, BookkeepingSettings);
            Add(batch, sql, parameters);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        // The event goes back before where its instance's pending events began, so the queue row
        // starts there again. Clearing the holder keeps a host delivering the instance's events from
        // moving that start past the event when it acknowledges them (see AcknowledgeEventsAsync);
        // its lease still runs until it ends, so no other host delivers the instance meanwhile.
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"""
            WITH replayed AS (
                UPDATE {_s}.mwf_outbox SET status = 0, attempts = 0, next_attempt_at = 0, delivered_at = NULL WHERE id = $1 RETURNING instance_id, seq)
            INSERT INTO {_s}.mwf_outbox_queues AS q (instance_id, from_seq) SELECT instance_id, seq FROM replayed
            ON CONFLICT (instance_id) DO UPDATE SET from_seq = least(q.from_seq, EXCLUDED.from_seq), lease_owner = NULL
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

        // Through the index of events by time. The batch is chosen and locked once
        // (a materialized CTE: a LIMIT inside IN may be evaluated again), skipping rows a replay holds.
        using var command = Command(
            connection,
            $"WITH doomed AS MATERIALIZED (SELECT seq FROM {_s}.mwf_outbox WHERE status = 1 AND time < $1 ORDER BY time LIMIT $2 FOR UPDATE SKIP LOCKED) DELETE FROM {_s}.mwf_outbox o USING doomed d WHERE o.seq = d.seq;",
            before.UtcTicks,
            batchSize);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
