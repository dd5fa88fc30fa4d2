using System;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
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
public sealed partial class SqliteProcessStore : IProcessStore, IInstanceCopies, IStoreProbe, IAsyncDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly string _connectionString;
    private readonly string _source;
    private readonly string _writeSettings;
    private readonly string? _capSize;

    // This process's turn to write to the file: the writer and the store's other writes (failed
    // deliveries, replays, retention, timers, delegations) take turns here rather than meet on
    // SQLite's lock and wait for it by polling. The dispatcher's claims and acknowledgements go
    // through the writer itself. Not disposed with the store: no wait handle is
    // ever made, and a dispatcher still closing may wait on it.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private readonly StartOnce _start = new();
    private SqliteWriter? _writer;
    private SqliteCheckpointer? _checkpointer;
    private SqliteReaders? _readers;
    private readonly InstanceCache _recent;
    private readonly FrozenSet<string> _indexedDataFields;

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
        _indexedDataFields = options.IndexedDataFields.ToFrozenSet(StringComparer.Ordinal);
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
        _writeSettings = SqliteSchema.WaitForLocks(options.BusyTimeout) + " " + SqliteCheckpointer.WriterBackstop + $" PRAGMA synchronous = {Synchronous};";
        _capSize = options.MaxPageCount is { } pages ? FormattableString.Invariant($"PRAGMA max_page_count = {pages};") : null;
    }

    /// <summary>Gets how many commands the writer has committed per transaction on average (group commit), for benchmarks.</summary>
    internal double CommandsPerTransaction => _writer is { Transactions: > 0 } writer ? (double)writer.Commands / writer.Transactions : 0;

    /// <summary>Gets how many transactions holding commands the writer has committed or tried, and the commands they held, for benchmarks.</summary>
    internal (long Transactions, long Commands) WriterCounts => _writer is { } writer ? (writer.Transactions, writer.Commands) : (0, 0);

    /// <summary>Gets how long the writer has spent writing, for benchmarks.</summary>
    internal TimeSpan WriterBusy => TimeSpan.FromSeconds((double)(_writer?.BusyTicks ?? 0) / System.Diagnostics.Stopwatch.Frequency);

    /// <summary>Gets this process's turn to write to the file, for tests.</summary>
    internal SemaphoreSlim WriteTurn => _writeTurn;

    /// <summary>Gets how many checkpoints the store's checkpointer has run, for tests.</summary>
    internal long Checkpoints => _checkpointer?.Checkpoints ?? 0;

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
        SqliteConnection checkpointing;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new StoreStartupException($"The database {_source} is read-only: MarketingWorkflows needs to write to it and to create its -wal and -shm files beside it. Check the permissions of the file and its folder, and that the connection string does not say Mode=ReadOnly; the file was not changed.");
            }

            ApplyWriteSettings(connection);
            CapSize(connection);
            await SqliteSchema.MigrateAsync(connection, _source, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await SqliteSchema.IndexDataFieldsAsync(connection, _indexedDataFields, cancellationToken).ConfigureAwait(false);
            SqliteSchema.Tune(connection);
            checkpointing = await OpenCheckpointerAsync(cancellationToken).ConfigureAwait(false);
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

        _writer = new SqliteWriter(connection, Fault, Synchronous);
        _readers = new SqliteReaders(_connectionString);
        _checkpointer = new SqliteCheckpointer(checkpointing);
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

    /// <summary>Gets SQLite's <c>synchronous</c> setting that commands commit with.</summary>
    private string Synchronous => _options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";

    /// <inheritdoc />
    ProcessInstance? IInstanceCopies.LastKnown(Guid instanceId) => _recent.FindCommitted(instanceId);

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

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        _writer?.Dispose();
        _readers?.Dispose();
        _start.Dispose();
    }

    internal static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

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

        // Pooled connections keep the settings; setting them again on each open costs a short statement.
        ApplyWriteSettings(connection);
        CapSize(connection);
        return connection;
    }

    /// <summary>Applies <see cref="SqliteStoreOptions.MaxPageCount"/>, a setting of each connection rather than of the file.</summary>
    private void CapSize(SqliteConnection connection)
    {
        if (_capSize is null)
        {
            return;
        }

        using var pragma = connection.CreateCommand();
        pragma.CommandText = _capSize;
        pragma.ExecuteNonQuery();
    }

    /// <summary>Gets the store's typed error for a fault of the file (full, read-only, locked out), or <see langword="null"/>.</summary>
    internal StoreUnavailableException? Fault(SqliteException exception) => SqliteFaults.Classify(exception, _source, _options.BusyTimeout);

    /// <summary>Awaits a store operation, turning a fault of the file into the store's typed error.</summary>
    private async Task<T> Guard<T>(Task<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (SqliteException ex) when (Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Awaits a store operation, turning a fault of the file into the store's typed error.</summary>
    private async Task Guard(Task operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (SqliteException ex) when (Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Sets a connection that writes to wait for other connections' locks (see <see cref="SqliteSchema.WaitForLocks"/>), to checkpoint itself only as a backstop (see <see cref="SqliteCheckpointer"/>) and to sync its commits as <see cref="SqliteStoreOptions.Synchronous"/> says.</summary>
    private void ApplyWriteSettings(SqliteConnection connection)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = _writeSettings;
        pragma.ExecuteNonQuery();
    }

    /// <summary>Opens the checkpointer's connection, syncing the file as commands do.</summary>
    private async Task<SqliteConnection> OpenCheckpointerAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA synchronous = {Synchronous};";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
