using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Json;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// The embedded default <see cref="IProcessStore"/>: one SQLite file in WAL mode. Each command
/// is one transaction (instance with its version check, history, timers, outbox, idempotency
/// key); when several commands wait at once, one writer commits them in a group, each still
/// all-or-nothing and acknowledged only after its group is on disk. Reads run in parallel on
/// pooled connections. The schema is created and migrated on first use or by
/// <see cref="InitializeAsync"/>.
/// </summary>
public sealed partial class SqliteProcessStore : IProcessStore, IInstanceCopies, IAsyncDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly string _connectionString;
    private readonly string _source;
    private readonly string _waitForLocks;

    // This process's turn to write to the file: the writer and the store's other writes (the
    // dispatcher's claims and acknowledgements, above all) take turns here rather than meet on
    // SQLite's lock and wait for it by polling. Not disposed with the store: no wait handle is
    // ever made, and a dispatcher still closing may wait on it.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<PendingCommit> _queue = new();
    private readonly StartOnce _start = new();
    private SqliteWriter? _writer;
    private SqliteReaders? _readers;
    private readonly InstanceCache _recent;

    /// <summary>This store's name on the events it leases, unique to the process and the store.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private int _leading;
    private volatile bool _closed;

    /// <summary>Initializes the store; nothing is opened until <see cref="InitializeAsync"/> or the first call.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for the schema's records, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public SqliteProcessStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The SQLite store options are not valid: " + string.Join("; ", problems) + ".", nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _recent = new InstanceCache(options.CachedInstances);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString)
        {
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            throw new ArgumentException("The SQLite store needs a file (Data Source=path); an in-memory SQLite database is not durable. Use UseInMemoryStore() for that.", nameof(options));
        }

        _connectionString = builder.ToString();
        _source = builder.DataSource;
        _waitForLocks = SqliteSchema.WaitForLocks(options.BusyTimeout);
    }

    /// <summary>Gets how many commands the writer has committed per transaction on average (group commit), for benchmarks.</summary>
    internal double CommandsPerTransaction => _writer is { Transactions: > 0 } writer ? (double)writer.Commands / writer.Transactions : 0;

    /// <summary>Gets how long the writer has spent writing, for benchmarks.</summary>
    internal TimeSpan WriterBusy => TimeSpan.FromSeconds((double)(_writer?.BusyTicks ?? 0) / System.Diagnostics.Stopwatch.Frequency);

    /// <summary>Gets this process's turn to write to the file, for tests.</summary>
    internal SemaphoreSlim WriteTurn => _writeTurn;

    /// <summary>Gets the writer's connection once the store has started, for tests.</summary>
    internal SqliteConnection? WriterConnection => _writer?.Connection;

    /// <summary>Gets the schema version this store writes.</summary>
    public static int SchemaVersion => SqliteSchema.CurrentVersion;

    /// <summary>
    /// Opens the database, creating it when it does not exist, and brings its schema up to date.
    /// Safe to call more than once and from several processes at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="StoreStartupException">The file is not ours, has a newer schema, is read-only or cannot be opened; it was not changed.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _start.RunAsync(StartAsync, cancellationToken);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        ThrowIfMarkedReadOnly(_source);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new StoreStartupException($"The database {_source} is read-only: MarketingWorkflows needs to write to it and to create its -wal and -shm files beside it. Check the permissions of the file and its folder, and that the connection string does not say Mode=ReadOnly; the file was not changed.");
            }

            WaitForLocks(connection);
            await SqliteSchema.MigrateAsync(connection, _source, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = _options.Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
                pragma.ExecuteNonQuery();
            }

            SqliteSchema.Tune(connection);
        }
        catch (SqliteException ex) when (SqliteSchema.TryExplain(ex, _source, out var explained))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw explained;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _writer = new SqliteWriter(connection);
        _readers = new SqliteReaders(_connectionString);
    }

    /// <summary>
    /// Refuses a file whose permissions let nobody write it (no write bit at all; on Windows, the
    /// read-only attribute), before SQLite opens it. SQLite itself opens such a file read-only,
    /// except for a process running as root, which it lets write anyway: a file someone marked
    /// read-only is refused for every user alike.
    /// </summary>
    private static void ThrowIfMarkedReadOnly(string source)
    {
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || !File.Exists(source))
        {
            return;
        }

        var marked = OperatingSystem.IsWindows()
            ? File.GetAttributes(source).HasFlag(FileAttributes.ReadOnly)
            : (File.GetUnixFileMode(source) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
        if (marked)
        {
            throw new StoreStartupException($"The database {source} is read-only: its permissions let nobody write it, and MarketingWorkflows needs to write to it and to create its -wal and -shm files beside it. Give the application's user write permission on it; the file was not changed.");
        }
    }

    /// <inheritdoc />
    ProcessInstance? IInstanceCopies.LastKnown(Guid instanceId) => _recent.FindCommitted(instanceId);

    /// <inheritdoc />
    public async Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var known = _recent.Find(instanceId);
        var reader = _readers!.Rent();
        long version;
        string? body;
        try
        {
            // The row's version decides; its JSON is read only when it differs from the copy at hand.
            reader.Instance.Parameters[0].Value = Key(instanceId);
            reader.Instance.Parameters[1].Value = known?.Version ?? -1;
            using var row = reader.Instance.ExecuteReader();
            if (!row.Read())
            {
                _recent.Forget(instanceId);
                return null;
            }

            version = row.GetInt64(0);
            body = row.IsDBNull(1) ? null : row.GetString(1);
        }
        finally
        {
            _readers.Return(reader);
        }

        if (body is null && known is not null && known.Version == version)
        {
            return known;
        }

        var instance = StoreJson.ReadInstance(body!);
        _recent.Remember(instance);
        return instance;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.HistoryColumns} FROM mwf_history WHERE instance_id = $id ORDER BY sequence;";
        command.Parameters.AddWithValue("$id", Key(instanceId));
        var entries = new List<HistoryEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoreRows.History(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers!.Rent();
        try
        {
            reader.LastHistory.Parameters[0].Value = Key(instanceId);
            using var row = reader.LastHistory.ExecuteReader();
            return row.Read() ? StoreRows.History(row) : null;
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.TimerColumns} FROM mwf_timers WHERE instance_id = $id ORDER BY due_at, id;";
        command.Parameters.AddWithValue("$id", Key(instanceId));
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.TimerColumns} FROM mwf_timers WHERE due_at <= $until ORDER BY due_at, id LIMIT $max;";
        command.Parameters.AddWithValue("$until", until.UtcTicks);
        command.Parameters.AddWithValue("$max", maxCount);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mwf_timers SET due_at = $due, attempts = attempts + 1 WHERE id = $id;";
        command.Parameters.AddWithValue("$due", dueAt.UtcTicks);
        command.Parameters.AddWithValue("$id", Key(timerId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mwf_timers WHERE id = $id;";
        command.Parameters.AddWithValue("$id", Key(timerId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default)
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
    public async Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
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

    /// <summary>Waits for this process's turn to write (see <see cref="_writeTurn"/>); disposing the result gives it back.</summary>
    private async Task<Turn> TakeTurnAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_writeTurn);
    }

    /// <summary>Gives back this process's turn to write.</summary>
    private readonly struct Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }

    /// <summary>
    /// The event dispatcher's bookkeeping (claims and acknowledgements) commits without waiting for
    /// the disk (<c>synchronous = NORMAL</c> for the transaction): one lost in a crash only means an
    /// event is delivered again, which at-least-once delivery allows, and an fsync for each would
    /// queue behind and in front of the commands on SQLite's one writer. The connection goes back
    /// to <c>FULL</c> before it returns to the pool. (PostgreSQL does the same with
    /// <c>synchronous_commit = off</c>.)
    /// </summary>
    private readonly struct Bookkeeping : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Bookkeeping(SqliteConnection connection)
        {
            _connection = connection;
            Set(connection, "NORMAL");
        }

        public void Dispose() => Set(_connection, "FULL");

        private static void Set(SqliteConnection connection, string mode)
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = {mode};";
            pragma.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default)
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
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
        => RecordFailureAsync(eventId, error, retryAt, handledBy: null, cancellationToken);

    /// <inheritdoc />
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handledBy);
        return RecordFailureAsync(eventId, error, retryAt, handledBy, cancellationToken);
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
    public async Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mwf_outbox SET status = 0, attempts = 0, next_attempt_at = 0, delivered_at = NULL, lease_owner = NULL, lease_until = 0 WHERE id = $id;";
        command.Parameters.AddWithValue("$id", Key(eventId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO mwf_delegations (delegator, delegate, from_date, to_date, process_id, roles) VALUES ($delegator, $delegate, $from, $to, $process, $roles);";
        command.Parameters.AddWithValue("$delegator", delegation.Delegator);
        command.Parameters.AddWithValue("$delegate", delegation.Delegate);
        command.Parameters.AddWithValue("$from", delegation.From.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", delegation.To.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$process", (object?)delegation.ProcessId ?? DBNull.Value);
        command.Parameters.AddWithValue("$roles", StoreJson.WriteStrings(delegation.Roles));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delegator, delegate, from_date, to_date, process_id, roles FROM mwf_delegations WHERE delegate = $delegate ORDER BY seq;";
        command.Parameters.AddWithValue("$delegate", delegateUserId);
        var delegations = new List<Delegation>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            delegations.Add(new Delegation(reader.GetString(0), reader.GetString(1), DateOnly.ParseExact(reader.GetString(2), "O", CultureInfo.InvariantCulture), DateOnly.ParseExact(reader.GetString(3), "O", CultureInfo.InvariantCulture))
            {
                ProcessId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Roles = StoreJson.ReadStrings(reader.GetString(5)),
            });
        }

        return delegations;
    }

    /// <inheritdoc />
    public async Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers!.Rent();
        try
        {
            reader.Command.Parameters[0].Value = caller;
            reader.Command.Parameters[1].Value = idempotencyKey;
            using var row = reader.Command.ExecuteReader();
            return row.Read()
                ? new RecordedCommand(new IdempotencyRecord(caller, idempotencyKey, row.GetString(0), Time(row.GetInt64(1))), StoreJson.ReadCommand(row.GetString(2)))
                : null;
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <inheritdoc />
    public async Task<int> RemoveCommandsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mwf_commands WHERE created_at < $before;";
        command.Parameters.AddWithValue("$before", createdBefore.UtcTicks);
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(_closed, this);
        var pending = new PendingCommit(commit);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            // Nobody is writing: this caller writes, itself and whoever queued meanwhile, without a thread switch.
            Lead(maxGroups: 4);
        }

        // Once queued, the commit is applied or refused as a whole; the caller learns which.
        try
        {
            await pending.Completion.Task.ConfigureAwait(false);
        }
        catch
        {
            // Refused, or failed: the copy at hand may be old, so the next command reads.
            _recent.Forget(commit.Instance.Id);
            throw;
        }

        _recent.RememberCommitted(commit.Instance);
    }

    /// <inheritdoc />
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfInvalid();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        if (query is { WaitingOnUser: not null, ProcessId: null, State: null, OverdueAt: null, LinkedTo: null, DataField: null })
        {
            return await WaitingOnAsync(command, query, cancellationToken).ConfigureAwait(false);
        }

        var where = new StringBuilder("1 = 1");
        if (query.ProcessId is not null)
        {
            where.Append(" AND process_id = $process");
            command.Parameters.AddWithValue("$process", query.ProcessId);
        }

        if (query.State is not null)
        {
            where.Append(" AND state = $state");
            command.Parameters.AddWithValue("$state", query.State);
        }

        if (!query.IncludeCompleted)
        {
            where.Append(" AND is_completed = 0");
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(" AND due_at < $overdue");
            command.Parameters.AddWithValue("$overdue", overdue.UtcTicks);
        }

        if (query.LinkedTo is { } linked)
        {
            where.Append(" AND id IN (SELECT instance_id FROM mwf_links WHERE target_id = $linked)");
            command.Parameters.AddWithValue("$linked", Key(linked));
        }

        if (query.WaitingOnUser is { } user)
        {
            where.Append(" AND id IN (SELECT instance_id FROM mwf_awaiting WHERE (kind = 'u' AND name = $user)");
            command.Parameters.AddWithValue("$user", user);
            for (var i = 0; i < query.WaitingOnRoles.Count; i++)
            {
                where.Append(CultureInfo.InvariantCulture, $" OR (kind = 'r' AND name = $role{i})");
                command.Parameters.AddWithValue("$role" + i.ToString(CultureInfo.InvariantCulture), query.WaitingOnRoles[i]);
            }

            where.Append(')');
        }

        if (query.DataField is { } field)
        {
            // Strings compare by their text, anything else by its JSON, as the in-memory store does.
            where.Append(" AND (CASE json_type(body, $path) WHEN 'text' THEN body ->> $path ELSE body -> $path END) = $value");
            command.Parameters.AddWithValue("$path", DataFieldPath(field));
            command.Parameters.AddWithValue("$value", (object?)query.DataValue ?? DBNull.Value);
        }

        command.CommandText = $"SELECT COUNT(*) FROM mwf_instances WHERE {where};";
        var total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        command.CommandText = $"SELECT body FROM mwf_instances WHERE {where} ORDER BY created_at DESC, id DESC LIMIT $take OFFSET $skip;";
        command.Parameters.AddWithValue("$take", query.Take);
        command.Parameters.AddWithValue("$skip", query.Skip);
        var items = new List<ProcessInstance>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(StoreJson.ReadInstance(reader.GetString(0)));
        }

        return new InstancePage(items, total);
    }

    /// <summary>
    /// The JSON path of a top-level data field: the name as a quoted label, escaped as in a JSON
    /// string, so that no name (a dot, a bracket, a quote, a backslash) reads as more path. SQLite
    /// compares a label with escapes by what it stands for, as the stored JSON's labels are.
    /// </summary>
    private static string DataFieldPath(string field)
    {
        var path = new StringBuilder("$.data.\"", field.Length + 10);
        foreach (var c in field)
        {
            if (c is '"' or '\\')
            {
                path.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                path.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                path.Append(c);
            }
        }

        return path.Append('"').ToString();
    }

    /// <summary>
    /// "Waiting on me": the instances waiting on a user or on one of their roles, newest first.
    /// Each user or role is a range of the awaiting index in creation order, so a page reads only
    /// as many index entries per range as it shows, and the total counts index entries alone.
    /// </summary>
    private static async Task<InstancePage> WaitingOnAsync(SqliteCommand command, InstanceQuery query, CancellationToken cancellationToken)
    {
        var open = query.IncludeCompleted ? string.Empty : " AND is_completed = 0";
        var ranges = new List<string> { "SELECT instance_id, created_at FROM mwf_awaiting WHERE kind = 'u' AND name = $user" + open };
        command.Parameters.AddWithValue("$user", query.WaitingOnUser);
        foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
        {
            var name = "$role" + ranges.Count.ToString(CultureInfo.InvariantCulture);
            ranges.Add($"SELECT instance_id, created_at FROM mwf_awaiting WHERE kind = 'r' AND name = {name}{open}");
            command.Parameters.AddWithValue(name, role);
        }

        command.CommandText = $"SELECT COUNT(*) FROM ({string.Join(" UNION ", ranges)});";
        var total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var firsts = ranges.Select(r => $"SELECT instance_id, created_at FROM ({r} ORDER BY created_at DESC, instance_id DESC LIMIT $first)");
        command.CommandText = $"""
            SELECT i.body FROM ({string.Join(" UNION ", firsts)} ORDER BY created_at DESC, instance_id DESC LIMIT $take OFFSET $skip) a
            JOIN mwf_instances i ON i.id = a.instance_id
            ORDER BY a.created_at DESC, a.instance_id DESC;
            """;
        command.Parameters.AddWithValue("$first", query.Skip + query.Take);
        command.Parameters.AddWithValue("$take", query.Take);
        command.Parameters.AddWithValue("$skip", query.Skip);
        var items = new List<ProcessInstance>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(StoreJson.ReadInstance(reader.GetString(0)));
        }

        return new InstancePage(items, total);
    }

    /// <summary>Stops the writer after the commits already queued, and closes the database.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        while (Volatile.Read(ref _leading) != 0 || !_queue.IsEmpty)
        {
            if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
            {
                Lead(int.MaxValue);
            }
            else
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }

        _writer?.Dispose();
        _readers?.Dispose();
        _start.Dispose();
    }

    internal static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static async Task<IReadOnlyList<ProcessTimer>> ReadTimersAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var timers = new List<ProcessTimer>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timers.Add(StoreRows.Timer(reader));
        }

        return timers;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Opens a pooled connection to write through, set to wait for other connections' locks (see <see cref="SqliteSchema.WaitForLocks"/>).</summary>
    internal async Task<SqliteConnection> OpenToWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Pooled connections keep the setting; setting it again on each open costs one short statement.
        WaitForLocks(connection);
        return connection;
    }

    private void WaitForLocks(SqliteConnection connection)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _waitForLocks;
        pragma.ExecuteNonQuery();
    }

    /// <summary>
    /// Writes queued commits in groups while this caller holds the writer's role. After
    /// <paramref name="maxGroups"/> groups a background task takes over, so a caller is not kept
    /// writing for others for long.
    /// </summary>
    private void Lead(int maxGroups)
    {
        var group = new List<PendingCommit>(Math.Min(_options.MaxCommandsPerTransaction, 64));
        try
        {
            for (var groups = 0; ; groups++)
            {
                if (groups >= maxGroups && !_queue.IsEmpty)
                {
                    _ = Task.Run(() => Lead(int.MaxValue));
                    return;
                }

                while (group.Count < _options.MaxCommandsPerTransaction && _queue.TryDequeue(out var pending))
                {
                    group.Add(pending);
                }

                if (group.Count > 0)
                {
                    if (!_writeTurn.Wait(0))
                    {
                        // Another write of this process has the file: the group waits for it off
                        // this caller's thread, which goes back to awaiting its own commit.
                        _ = LeadAfterTurnAsync(group);
                        return;
                    }

                    WriteAndGiveBackTurn(group);
                    group.Clear();
                    continue;
                }

                // Nothing left: step down, then look once more for a commit queued just before.
                Volatile.Write(ref _leading, 0);
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _leading, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(ex);
            }

            Volatile.Write(ref _leading, 0);
        }
    }

    /// <summary>Writes a group while holding this process's turn to write, and gives the turn back.</summary>
    private void WriteAndGiveBackTurn(List<PendingCommit> group)
    {
        try
        {
            _writer!.Write(group);
        }
        finally
        {
            _writeTurn.Release();
        }
    }

    /// <summary>Writes a group once this process's turn to write comes, then goes on leading (the writer's role stays taken meanwhile).</summary>
    private async Task LeadAfterTurnAsync(List<PendingCommit> group)
    {
        try
        {
            await _writeTurn.WaitAsync().ConfigureAwait(false);
            WriteAndGiveBackTurn(group);
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(ex);
            }

            Volatile.Write(ref _leading, 0);
            return;
        }

        Lead(int.MaxValue);
    }
}
