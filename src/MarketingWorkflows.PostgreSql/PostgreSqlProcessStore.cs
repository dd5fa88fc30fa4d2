using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Json;
using Npgsql;
using NpgsqlTypes;

namespace MarketingWorkflows.PostgreSql;

/// <summary>
/// The <see cref="IProcessStore"/> for several hosts on one PostgreSQL database. Each command is
/// one transaction (instance with its version check, history, timers, outbox, idempotency key);
/// commands on different instances never wait for each other. Timers and events are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease, so each is handled by one host at a time and taken
/// over when a host stops; <c>LISTEN</c>/<c>NOTIFY</c> wakes idle workers on every host. The
/// schema is created and migrated on first use or by <see cref="InitializeAsync"/>.
/// </summary>
public sealed partial class PostgreSqlProcessStore : IProcessStore, IInstanceCopies, IAsyncDisposable
{
    private const int EventsBit = 1;
    private const int TimersBit = 2;

    /// <summary>The shortest time between two notifications from one host, and the shortest wait for work.</summary>
    private static readonly TimeSpan NotifyInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a host that announced an event dispatcher counts as delivering events.</summary>
    private static readonly TimeSpan PeerMemory = TimeSpan.FromSeconds(2);

    /// <summary>The most hosts a dispatcher paces itself for: its wait for work stays at most this many <see cref="NotifyInterval"/>s.</summary>
    private const int MaxPacedHosts = 8;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _s;
    private readonly string _schema;
    private readonly string _channel;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly Guid _owner = Guid.NewGuid();
    private readonly StartOnce _start = new();
    private readonly InstanceCache _recent;
    private readonly CancellationTokenSource _closing = new();
    private TaskCompletionSource _eventWork = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _timerWork = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listening;
    private int _notifyQueued;
    private int _notifyKinds;
    private int _eventWoken;
    private int _timerWoken;
    private int _listenStarted;
    private int _disposed;

    /// <summary>When this host's event dispatcher last waited for work (a timestamp of <see cref="_time"/>), or 0.</summary>
    private long _dispatchingSince;

    /// <summary>The other hosts whose dispatchers announced themselves, with when they last did (timestamps of <see cref="_time"/>).</summary>
    private readonly ConcurrentDictionary<Guid, long> _peerDispatchers = new();

    /// <summary>Initializes the store; nothing is opened until <see cref="InitializeAsync"/> or the first call.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for the schema's records and acknowledgements, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public PostgreSqlProcessStore(PostgreSqlStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The PostgreSQL store options are not valid: " + string.Join("; ", problems) + ".", nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _recent = new InstanceCache(options.CachedInstances);
        if (options.DataSource is { } given)
        {
            _dataSource = given;
        }
        else
        {
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                // The same few statements run for every command: let the server keep them parsed.
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            // The store leaves no state on a connection it hands back (its settings and advisory
            // locks end with their transactions; the listening connection is its own), so it is
            // returned without Npgsql's reset, which otherwise runs seven statements on the server
            // ahead of the connection's next command.
            builder.ConnectionStringBuilder.NoResetOnClose = true;

            _dataSource = builder.Build();
            _ownsDataSource = true;
        }

        var settings = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        _where = $"{settings.Host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}/{settings.Database}";
        _schema = options.Schema;
        _s = options.Schema;
        _channel = "mwf_work_" + options.Schema;
    }

    /// <summary>Gets the schema version this store writes.</summary>
    public static int SchemaVersion => PostgreSqlSchema.CurrentVersion;

    /// <summary>
    /// Connects, creates the schema when it does not exist and brings it up to date. Safe to call
    /// more than once and from several hosts at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="StoreStartupException">The database cannot be reached, refuses the login, holds tables that are not ours or a newer schema; nothing was changed.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _start.RunAsync(StartAsync, cancellationToken);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgreSqlSchema.MigrateAsync(connection, _schema, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw PostgreSqlSchema.Explain(ex, _where);
        }
    }

    /// <inheritdoc />
    public async Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT body FROM {_s}.mwf_instances WHERE id = $1;", instanceId);
        if (await ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false) is not string body)
        {
            _recent.Forget(instanceId);
            return null;
        }

        var instance = StoreJson.ReadInstance(body);
        _recent.Remember(instance);
        return instance;
    }

    /// <inheritdoc />
    ProcessInstance? IInstanceCopies.LastKnown(Guid instanceId) => _recent.FindCommitted(instanceId);

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.HistoryColumns} FROM {_s}.mwf_history WHERE instance_id = $1 ORDER BY sequence;", instanceId);
        var entries = new List<HistoryEntry>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoreRows.History(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.HistoryColumns} FROM {_s}.mwf_history WHERE instance_id = $1 ORDER BY sequence DESC LIMIT 1;", instanceId);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoreRows.History(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.TimerColumns} FROM {_s}.mwf_timers WHERE instance_id = $1 ORDER BY due_at, id;", instanceId);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.TimerColumns} FROM {_s}.mwf_timers WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2;", until.UtcTicks, maxCount);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Rows another host is claiming right now are skipped, not waited for; a claim whose lease ran out is taken over.
        using var command = Command(connection, $"""
            UPDATE {_s}.mwf_timers t SET lease_owner = $1, lease_until = $2
            FROM (SELECT id FROM {_s}.mwf_timers WHERE due_at <= $3 AND lease_until <= $3
                  ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
            WHERE t.id = c.id
            RETURNING t.id, t.instance_id, t.kind, t.state, t.due_at, t.trigger, t.attempts;
            """, _owner, (now + lease).UtcTicks, now.UtcTicks, maxCount);
        var timers = await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. timers.OrderBy(t => t.DueAt).ThenBy(t => t.Id)];
    }

    /// <inheritdoc />
    public async Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"UPDATE {_s}.mwf_timers SET due_at = $1, attempts = attempts + 1, lease_owner = NULL, lease_until = 0 WHERE id = $2;", dueAt.UtcTicks, timerId);
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"DELETE FROM {_s}.mwf_timers WHERE id = $1;", timerId);
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default)
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
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex, inDoubt: false);
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
    public async Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default)
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
    /// instance rests until the retry is due; a dead-lettered event lets the next one go.
    /// </remarks>
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
        => RecordFailureAsync(eventId, error, retryAt, handledBy: null, cancellationToken);

    /// <inheritdoc />
    /// <remarks>As the other overload; the handlers that received the event are kept on its row.</remarks>
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handledBy);
        return RecordFailureAsync(eventId, error, retryAt, [.. handledBy], cancellationToken);
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
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex, inDoubt: false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default)
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

    /// <inheritdoc />
    public async Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"INSERT INTO {_s}.mwf_delegations (delegator, delegate, from_date, to_date, process_id, roles) VALUES ($1, $2, $3, $4, $5, $6);",
            delegation.Delegator,
            delegation.Delegate,
            delegation.From,
            delegation.To,
            (object?)delegation.ProcessId ?? DBNull.Value,
            delegation.Roles.ToArray());
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT delegator, delegate, from_date, to_date, process_id, roles FROM {_s}.mwf_delegations WHERE delegate = $1 ORDER BY seq;", delegateUserId);
        var delegations = new List<Delegation>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            delegations.Add(new Delegation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3))
            {
                ProcessId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Roles = reader.GetFieldValue<string[]>(5),
            });
        }

        return delegations;
    }

    /// <inheritdoc />
    public async Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT fingerprint, created_at, result FROM {_s}.mwf_commands WHERE caller = $1 AND key = $2;", caller, idempotencyKey);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new RecordedCommand(new IdempotencyRecord(caller, idempotencyKey, reader.GetString(0), Time(reader.GetInt64(1))), StoreJson.ReadCommand(reader.GetString(2)))
            : null;
    }

    /// <inheritdoc />
    public async Task<int> RemoveCommandsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"DELETE FROM {_s}.mwf_commands WHERE created_at < $1;", createdBefore.UtcTicks);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var instance = commit.Instance;
        var body = StoreJson.WriteInstance(instance);
        var awaitingKey = StoreKeys.AwaitingKeyOf(instance);
        var linksKey = StoreKeys.LinksKeyOf(instance);
        var result = commit.Idempotency is null ? null : StoreJson.WriteCommand(instance, commit.Events);

        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (commit is { ExpectedVersion: { } expected, Previous: { } previous })
            {
                await CommitInOneRoundTripAsync(connection, commit, previous, expected, body, awaitingKey, linksKey, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

                // First the checks that can refuse the command: its idempotency key and the version.
                // A second command with the same key waits here for the first to end, then is refused.
                if (commit.Idempotency is { } key)
                {
                    using var claim = Command(
                        connection,
                        $"INSERT INTO {_s}.mwf_commands (caller, key, fingerprint, created_at, instance_id, result) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (caller, key) DO NOTHING;",
                        key.Caller,
                        key.Key,
                        key.Fingerprint,
                        key.CreatedAt.UtcTicks,
                        instance.Id,
                        result!);
                    if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new DuplicateCommandException(key.Key);
                    }
                }

                var (oldAwaiting, oldLinks) = await WriteInstanceAsync(connection, commit, body, awaitingKey, linksKey, cancellationToken).ConfigureAwait(false);

                // Then everything else in one round trip.
                using var batch = new NpgsqlBatch(connection, transaction);
                AddChanges(batch, commit, oldAwaiting, awaitingKey, oldLinks, linksKey);
                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            _recent.Forget(instance.Id);
            throw Unavailable(ex, commit.Idempotency is not null);
        }
        catch
        {
            // Refused, or its outcome unknown: the copy at hand may be old, so the next command reads.
            _recent.Forget(instance.Id);
            throw;
        }

        _recent.RememberCommitted(instance);
        var work = (commit.Events.Count > 0 ? EventsBit : 0) | (commit.Timers is { Count: > 0 } ? TimersBit : 0);
        if (work != 0)
        {
            AnnounceWork(work);
        }
    }

    /// <inheritdoc />
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfInvalid();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new List<object>();
        string Parameter(object value)
        {
            parameters.Add(value);
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (query is { WaitingOnUser: not null, ProcessId: null, State: null, OverdueAt: null, LinkedTo: null, DataField: null })
        {
            return await WaitingOnAsync(connection, query, cancellationToken).ConfigureAwait(false);
        }

        var where = new StringBuilder("true");
        if (query.ProcessId is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND process_id = {Parameter(query.ProcessId)}");
        }

        if (query.State is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND state = {Parameter(query.State)}");
        }

        if (!query.IncludeCompleted)
        {
            where.Append(" AND NOT is_completed");
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND due_at < {Parameter(overdue.UtcTicks)}");
        }

        if (query.LinkedTo is { } linked)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND id IN (SELECT instance_id FROM {_s}.mwf_links WHERE target_id = {Parameter(linked)})");
        }

        if (query.WaitingOnUser is { } user)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND id IN (SELECT instance_id FROM {_s}.mwf_awaiting WHERE (kind = 'u' AND name = {Parameter(user)}) OR (kind = 'r' AND name = ANY({Parameter(query.WaitingOnRoles.ToArray())})))");
        }

        if (query.DataField is { } field)
        {
            // Strings compare by their text, anything else by its JSON, as the in-memory store does.
            var name = Parameter(field);
            where.Append(CultureInfo.InvariantCulture, $" AND (CASE json_typeof(body -> 'data' -> {name}) WHEN 'string' THEN body -> 'data' ->> {name} ELSE (body -> 'data' -> {name})::text END) = {Parameter((object?)query.DataValue ?? DBNull.Value)}");
        }

        int total;
        using (var count = Command(connection, $"SELECT count(*) FROM {_s}.mwf_instances WHERE {where};", [.. parameters]))
        {
            total = Convert.ToInt32(await ExecuteScalarAsync(count, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var take = Parameter(query.Take);
        var skip = Parameter(query.Skip);
        using var page = Command(connection, $"SELECT body FROM {_s}.mwf_instances WHERE {where} ORDER BY created_at DESC, id DESC LIMIT {take} OFFSET {skip};", [.. parameters]);
        return new InstancePage(await ReadInstancesAsync(page, cancellationToken).ConfigureAwait(false), total);
    }

    /// <summary>
    /// Gets how many hosts deliver events on this schema, as far as this one knows: itself, and
    /// every other host whose notifications in the last <see cref="PeerMemory"/> said it runs an
    /// event dispatcher (at most <see cref="MaxPacedHosts"/>; at least 1).
    /// </summary>
    internal int DispatchingHosts
    {
        get
        {
            var now = _time.GetTimestamp();
            var count = 1;
            foreach (var (peer, seen) in _peerDispatchers)
            {
                if (_time.GetElapsedTime(seen, now) <= PeerMemory)
                {
                    count++;
                }
                else
                {
                    _peerDispatchers.TryRemove(new KeyValuePair<Guid, long>(peer, seen));
                }
            }

            return Math.Min(count, MaxPacedHosts);
        }
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(StoreWork work, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (_start.IsDone && Interlocked.Exchange(ref _listenStarted, 1) == 0)
        {
            _listening = Task.Run(ListenAsync);
        }

        // A wake-up is remembered until a wait takes it, so work announced while the worker was
        // busy with its last batch is not missed. Waits last at least NotifyInterval, so a worker
        // on a busy host claims at most that often unless its batches come back full; an event
        // dispatcher waits that long once for every host delivering events, so that the hosts
        // together claim as often as one would, each claim taking a larger batch.
        var started = timeProvider.GetTimestamp();
        var shortest = NotifyInterval;
        if (work == StoreWork.Events)
        {
            Volatile.Write(ref _dispatchingSince, _time.GetTimestamp());
            shortest = NotifyInterval * DispatchingHosts;
        }

        var signal = (work == StoreWork.Timers ? Volatile.Read(ref _timerWork) : Volatile.Read(ref _eventWork)).Task;
        if (!TakeWake(work))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, timeProvider, stop.Token);
            await Task.WhenAny(signal, delay).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            TakeWake(work);
        }

        var rest = (timeout < shortest ? timeout : shortest) - timeProvider.GetElapsedTime(started);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private bool TakeWake(StoreWork work)
        => Interlocked.Exchange(ref work == StoreWork.Timers ? ref _timerWoken : ref _eventWoken, 0) == 1;

    /// <summary>Stops listening for other hosts' work and closes the connections this store opened.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        if (_listening is { } listening)
        {
            try
            {
                await listening.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _closing.Dispose();
        _start.Dispose();
    }

    private static string OutboxColumns(string alias)
        => string.Join(", ", new[] { "id", "type", "process_id", "instance_id", "instance_version", "time", "data", "status", "attempts", "next_attempt_at", "last_error", "handled_by" }.Select(c => alias + c));

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    private static OutboxEntry ReadOutboxEntry(NpgsqlDataReader reader, int first)
    {
        var e = new ProcessEvent(reader.GetGuid(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetGuid(first + 3), reader.GetInt64(first + 4), Time(reader.GetInt64(first + 5)), reader.GetFieldValue<byte[]>(first + 6));
        var next = reader.GetInt64(first + 9);
        return new OutboxEntry(e, (OutboxStatus)reader.GetInt16(first + 7), reader.GetInt32(first + 8), next == 0 ? null : Time(next), reader.IsDBNull(first + 10) ? null : reader.GetString(first + 10))
        {
            HandledBy = reader.IsDBNull(first + 11) ? [] : reader.GetFieldValue<string[]>(first + 11),
        };
    }

    /// <summary>
    /// Commits a command whose previous row is known in a single round trip: one batch, which
    /// PostgreSQL runs as one implicit transaction. The statements that can refuse the command
    /// come first and raise an error when they do (see <c>mwf_expect</c>), which skips and rolls
    /// back the rest of the batch.
    /// </summary>
    private async Task CommitInOneRoundTripAsync(NpgsqlConnection connection, InstanceCommit commit, ProcessInstance previous, long expected, string body, string awaitingKey, string linksKey, string? result, CancellationToken cancellationToken)
    {
        var instance = commit.Instance;
        using var batch = new NpgsqlBatch(connection);
        if (commit.Idempotency is { } key)
        {
            // A second command with the same key waits here for the first to end, then is refused.
            Add(
                batch,
                $"""
                WITH claimed AS (
                    INSERT INTO {_s}.mwf_commands (caller, key, fingerprint, created_at, instance_id, result) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (caller, key) DO NOTHING RETURNING 1)
                SELECT {_s}.mwf_expect(EXISTS (SELECT 1 FROM claimed), '{DuplicateKeyState}', 'the idempotency key was used before');
                """,
                key.Caller,
                key.Key,
                key.Fingerprint,
                key.CreatedAt.UtcTicks,
                instance.Id,
                result!);
        }

        // The update is the version check: a concurrent command that committed first leaves it matching no row.
        Add(
            batch,
            $"""
            WITH updated AS (
                UPDATE {_s}.mwf_instances SET state = $1, version = $2, is_completed = $3, due_at = $4, body = $5, awaiting_key = $6, links_key = $7, state_entered_at = $10
                WHERE id = $8 AND version = $9 RETURNING 1)
            SELECT {_s}.mwf_expect(EXISTS (SELECT 1 FROM updated), '{VersionConflictState}', 'the instance is not at the expected version');
            """,
            UpdateValues(instance, body, awaitingKey, linksKey, expected));
        AddChanges(batch, commit, StoreKeys.AwaitingKeyOf(previous), awaitingKey, StoreKeys.LinksKeyOf(previous), linksKey);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == DuplicateKeyState)
        {
            throw new DuplicateCommandException(commit.Idempotency!.Key);
        }
        catch (PostgresException ex) when (ex.SqlState == VersionConflictState)
        {
            throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Adds what a command changes besides its instance row: the awaiting and link rows, history, timers and events.</summary>
    private void AddChanges(NpgsqlBatch batch, InstanceCommit commit, string? oldAwaiting, string awaitingKey, string? oldLinks, string linksKey)
    {
        var instance = commit.Instance;
        if (oldAwaiting != awaitingKey)
        {
            if (oldAwaiting is not null)
            {
                Add(batch, $"DELETE FROM {_s}.mwf_awaiting WHERE instance_id = $1;", instance.Id);
            }

            foreach (var (kind, names) in new[] { ("u", instance.AwaitingUsers), ("r", instance.AwaitingRoles) })
            {
                foreach (var name in names.Distinct(StringComparer.Ordinal))
                {
                    Add(batch, $"INSERT INTO {_s}.mwf_awaiting (kind, name, instance_id, created_at, is_completed) VALUES ($1, $2, $3, $4, $5);", kind, name, instance.Id, instance.CreatedAt.UtcTicks, instance.IsCompleted);
                }
            }
        }

        if (oldLinks != linksKey)
        {
            if (oldLinks is not null)
            {
                Add(batch, $"DELETE FROM {_s}.mwf_links WHERE instance_id = $1;", instance.Id);
            }

            foreach (var link in instance.Links.DistinctBy(l => (l.InstanceId, l.Relation)))
            {
                Add(batch, $"INSERT INTO {_s}.mwf_links (target_id, instance_id, relation) VALUES ($1, $2, $3);", link.InstanceId, instance.Id, link.Relation);
            }
        }

        // Each entry says when the state it was recorded in was entered (for the analytics);
        // until the commit's first change of state, from the previous instance, or else
        // looked up among the entries already stored.
        var since = HistorySince.Before(commit, out var known);
        foreach (var entry in commit.History)
        {
            var sinceSql = known ? "$22" : $"(SELECT max(s.at) FROM {_s}.mwf_history s WHERE s.instance_id = $1 AND (s.kind = 'Started' OR s.from_state <> s.to_state))";
            Add(
                batch,
                $"""
                INSERT INTO {_s}.mwf_history (instance_id, sequence, kind, trigger, decision, actor, on_behalf_of, from_state, to_state, comment,
                                              arguments, data_revision, definition_version, at, self_approval, previous_hash, hash,
                                              instance_version, data_digest, key_id, process_id, since)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, {sinceSql});
                """,
                [.. HistoryValues(entry), instance.ProcessId, .. known ? [(object?)since ?? DBNull.Value] : Array.Empty<object>()]);
            if (HistorySince.Enters(entry))
            {
                since = entry.At.UtcTicks;
                known = true;
            }
        }

        if (commit.Timers is { } timers)
        {
            Add(batch, $"DELETE FROM {_s}.mwf_timers WHERE instance_id = $1;", instance.Id);
            foreach (var timer in timers)
            {
                Add(batch, $"INSERT INTO {_s}.mwf_timers (id, instance_id, kind, state, due_at, trigger, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7);", timer.Id, instance.Id, timer.Kind, timer.State, timer.DueAt.UtcTicks, Text(timer.Trigger), timer.Attempts);
            }
        }

        foreach (var e in commit.Events)
        {
            var data = MemoryMarshal.TryGetArray(e.DataUtf8, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : e.DataUtf8.ToArray();
            Add(batch, $"INSERT INTO {_s}.mwf_outbox (id, type, process_id, instance_id, instance_version, time, data) VALUES ($1, $2, $3, $4, $5, $6, $7);", e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time.UtcTicks, data);
        }

        if (commit.Events.Count > 0)
        {
            // The instance's queue row. A claim removes it only while holding the instance
            // row's lock, which this command holds until it commits, so the row cannot be
            // removed from under these events. A row already there is seen in the statement's
            // snapshot and left alone: ON CONFLICT alone would wait for a claim or an
            // acknowledgement that has the row leased but not yet committed.
            Add(batch, $"INSERT INTO {_s}.mwf_outbox_queues (instance_id) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM {_s}.mwf_outbox_queues WHERE instance_id = $1) ON CONFLICT (instance_id) DO NOTHING;", instance.Id);
        }
    }

    /// <summary>Writes the instance row under the version check; returns the awaiting and link keys it had (null when new).</summary>
    private async Task<(string? Awaiting, string? Links)> WriteInstanceAsync(NpgsqlConnection connection, InstanceCommit commit, string body, string awaitingKey, string linksKey, CancellationToken cancellationToken)
    {
        var instance = commit.Instance;
        if (commit.ExpectedVersion is not { } expected)
        {
            using var insert = Command(
                connection,
                $"INSERT INTO {_s}.mwf_instances (id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING;",
                instance.Id,
                instance.ProcessId,
                instance.State,
                instance.Version,
                instance.IsCompleted,
                instance.CreatedAt.UtcTicks,
                instance.DueAt is { } due ? due.UtcTicks : DBNull.Value,
                Json(body),
                awaitingKey,
                linksKey,
                instance.StateEnteredAt.UtcTicks);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new StoreConcurrencyException(instance.Id, null, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
            }

            return (null, null);
        }

        string? oldAwaiting;
        string? oldLinks;
        if (commit.Previous is { } previous)
        {
            oldAwaiting = StoreKeys.AwaitingKeyOf(previous);
            oldLinks = StoreKeys.LinksKeyOf(previous);
        }
        else
        {
            using var read = Command(connection, $"SELECT awaiting_key, links_key FROM {_s}.mwf_instances WHERE id = $1 AND version = $2 FOR UPDATE;", instance.Id, expected);
            using var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await row.DisposeAsync().ConfigureAwait(false);
                throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
            }

            oldAwaiting = row.GetString(0);
            oldLinks = row.GetString(1);
        }

        // The update is the version check: a concurrent command that committed first leaves it matching no row.
        using var update = Command(
            connection,
            $"UPDATE {_s}.mwf_instances SET state = $1, version = $2, is_completed = $3, due_at = $4, body = $5, awaiting_key = $6, links_key = $7, state_entered_at = $10 WHERE id = $8 AND version = $9;",
            UpdateValues(instance, body, awaitingKey, linksKey, expected));
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
        }

        return (oldAwaiting, oldLinks);
    }

    private async Task<long?> ReadVersionAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        using var command = Command(connection, $"SELECT version FROM {_s}.mwf_instances WHERE id = $1;", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    /// <summary>"Waiting on me": for the user and each role a range of the awaiting index in creation order; a page reads only what it shows.</summary>
    private async Task<InstancePage> WaitingOnAsync(NpgsqlConnection connection, InstanceQuery query, CancellationToken cancellationToken)
    {
        var open = query.IncludeCompleted ? string.Empty : " AND NOT is_completed";
        var names = new List<object> { query.WaitingOnUser! };
        var ranges = new List<string> { $"SELECT instance_id, created_at FROM {_s}.mwf_awaiting WHERE kind = 'u' AND name = $1{open}" };
        foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
        {
            names.Add(role);
            ranges.Add($"SELECT instance_id, created_at FROM {_s}.mwf_awaiting WHERE kind = 'r' AND name = ${names.Count.ToString(CultureInfo.InvariantCulture)}{open}");
        }

        int total;
        using (var count = Command(connection, $"SELECT count(*) FROM ({string.Join(" UNION ", ranges)}) a;", [.. names]))
        {
            total = Convert.ToInt32(await ExecuteScalarAsync(count, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var first = "$" + (names.Count + 1).ToString(CultureInfo.InvariantCulture);
        var take = "$" + (names.Count + 2).ToString(CultureInfo.InvariantCulture);
        var skip = "$" + (names.Count + 3).ToString(CultureInfo.InvariantCulture);
        var firsts = ranges.Select(r => $"({r} ORDER BY created_at DESC, instance_id DESC LIMIT {first})");
        using var page = Command(connection, $"""
            SELECT i.body FROM (SELECT instance_id, created_at FROM ({string.Join(" UNION ", firsts)}) u ORDER BY created_at DESC, instance_id DESC LIMIT {take} OFFSET {skip}) a
            JOIN {_s}.mwf_instances i ON i.id = a.instance_id
            ORDER BY a.created_at DESC, a.instance_id DESC;
            """, [.. names, query.Skip + query.Take, query.Take, query.Skip]);
        return new InstancePage(await ReadInstancesAsync(page, cancellationToken).ConfigureAwait(false), total);
    }

    private static async Task<IReadOnlyList<ProcessInstance>> ReadInstancesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<ProcessInstance>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(StoreJson.ReadInstance(reader.GetString(0)));
        }

        return items;
    }

    private static async Task<IReadOnlyList<ProcessTimer>> ReadTimersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var timers = new List<ProcessTimer>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timers.Add(StoreRows.Timer(reader));
        }

        return timers;
    }

    /// <summary>Opens a pooled connection, initializing the store first; a database that cannot be reached gives a <see cref="StoreUnavailableException"/>.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex, inDoubt: false);
        }
    }

    private StoreUnavailableException Unavailable(NpgsqlException exception, bool inDoubt)
        => new(
            $"PostgreSQL at {_where} could not be reached or dropped the connection ({exception.Message})."
            + (inDoubt ? " The command may or may not have been saved: send it again with the same idempotency key, and it is applied exactly once." : string.Empty),
            exception);

    private static async Task<object?> ExecuteScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL dropped the connection ({ex.Message}); try again.", ex);
        }
    }

    private static async Task<int> ExecuteNonQueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL dropped the connection ({ex.Message}); try again.", ex);
        }
    }

    private static async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"PostgreSQL dropped the connection ({ex.Message}); try again.", ex);
        }
    }

    /// <summary>The SQLSTATE <c>mwf_expect</c> raises when a command's idempotency key was used before.</summary>
    private const string DuplicateKeyState = "MW001";

    /// <summary>The SQLSTATE <c>mwf_expect</c> raises when the instance is not at the version a command expects.</summary>
    private const string VersionConflictState = "MW002";

    /// <summary>The parameters of the checked instance update, $1 to $10.</summary>
    private static object[] UpdateValues(ProcessInstance instance, string body, string awaitingKey, string linksKey, long expected) =>
    [
        instance.State,
        instance.Version,
        instance.IsCompleted,
        instance.DueAt is { } dueAt ? dueAt.UtcTicks : DBNull.Value,
        Json(body),
        awaitingKey,
        linksKey,
        instance.Id,
        expected,
        instance.StateEnteredAt.UtcTicks,
    ];

    private static NpgsqlParameter Json(string body) => new() { Value = body, NpgsqlDbType = NpgsqlDbType.Json };

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static object[] HistoryValues(HistoryEntry entry) =>
    [
        entry.InstanceId,
        entry.Sequence,
        entry.Kind.ToString(),
        Text(entry.Trigger),
        Text(entry.Decision),
        entry.Actor,
        Text(entry.OnBehalfOf),
        entry.FromState,
        entry.ToState,
        Text(entry.Comment),
        Text(entry.Arguments?.GetRawText()),
        entry.DataRevision,
        entry.DefinitionVersion,
        entry.At.UtcTicks,
        entry.SelfApproval,
        entry.PreviousHash,
        entry.Hash,
        (object?)entry.InstanceVersion ?? DBNull.Value,
        Text(entry.DataDigest),
        Text(entry.KeyId),
    ];

    private static void Add(NpgsqlBatch batch, string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Wakes this host's workers for the kinds of work given, at once, and every other host's
    /// through <c>NOTIFY</c> (payload "e", "t" or "et"). Notifications are coalesced: at most one
    /// per <see cref="NotifyInterval"/> per host, carrying every kind announced meanwhile, so a
    /// busy host does not send one per command.
    /// </summary>
    private void AnnounceWork(int kinds)
    {
        Wake(kinds);
        Interlocked.Or(ref _notifyKinds, kinds);
        if (Interlocked.Exchange(ref _notifyQueued, 1) == 0)
        {
            _ = Task.Run(NotifyAsync);
        }
    }

    private void Wake(int kinds)
    {
        if ((kinds & EventsBit) != 0)
        {
            Volatile.Write(ref _eventWoken, 1);
            Interlocked.Exchange(ref _eventWork, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        if ((kinds & TimersBit) != 0)
        {
            Volatile.Write(ref _timerWoken, 1);
            Interlocked.Exchange(ref _timerWork, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private async Task NotifyAsync()
    {
        try
        {
            while (true)
            {
                var kinds = Interlocked.Exchange(ref _notifyKinds, 0);
                if (kinds == 0)
                {
                    // Nothing new since the last notification: stop, unless work was announced
                    // between the exchange above and this, by a caller that saw this loop running.
                    Volatile.Write(ref _notifyQueued, 0);
                    if (Volatile.Read(ref _notifyKinds) == 0 || Interlocked.Exchange(ref _notifyQueued, 1) == 1)
                    {
                        return;
                    }

                    continue;
                }

                try
                {
                    using var connection = await _dataSource.OpenConnectionAsync(_closing.Token).ConfigureAwait(false);
                    using var command = Command(connection, "SELECT pg_notify($1, $2);", _channel, NotificationPayload(kinds));
                    await command.ExecuteNonQueryAsync(_closing.Token).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // Other hosts find the work at their next poll.
                }

                await Task.Delay(NotifyInterval, _time, _closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The store is closing.
        }
    }

    /// <summary>Listens for other hosts' notifications on a connection of its own, reconnecting when it drops.</summary>
    /// <summary>
    /// A notification's payload: the kinds of work ("e", "t" or "et"), then, after a colon, "d"
    /// when this host delivers events (its dispatcher waited for work lately), and the host's id.
    /// </summary>
    private string NotificationPayload(int kinds)
    {
        var dispatching = Volatile.Read(ref _dispatchingSince) is var since and not 0 && _time.GetElapsedTime(since) <= PeerMemory;
        return ((kinds & EventsBit) != 0 ? "e" : string.Empty) + ((kinds & TimersBit) != 0 ? "t" : string.Empty) + ":" + (dispatching ? "d" : string.Empty) + _owner.ToString("N", CultureInfo.InvariantCulture);
    }

    /// <summary>Wakes the workers for the work a notification announces, and notes another host's dispatcher.</summary>
    private void Received(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        var kinds = colon < 0 ? payload : payload[..colon];
        Wake((kinds.Contains('e', StringComparison.Ordinal) ? EventsBit : 0) | (kinds.Contains('t', StringComparison.Ordinal) ? TimersBit : 0));
        if (colon >= 0 && payload.Length > colon + 1 && payload[colon + 1] == 'd'
            && Guid.TryParseExact(payload.AsSpan(colon + 2), "N", out var peer) && peer != _owner)
        {
            _peerDispatchers[peer] = _time.GetTimestamp();
        }
    }

    private async Task ListenAsync()
    {
        var token = _closing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                connection.Notification += (_, e) => Received(e.Payload);
                using (var listen = new NpgsqlCommand($"LISTEN {_channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                while (!token.IsCancellationRequested)
                {
                    await connection.WaitAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                // The connection dropped, and notifications with it: workers look now, and poll
                // meanwhile; listen again shortly.
                Wake(EventsBit | TimersBit);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
