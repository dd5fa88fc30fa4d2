using System;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
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
public sealed partial class PostgreSqlProcessStore : IProcessStore, IInstanceCopies, IWorkSignal, IStoreProbe, IAsyncDisposable
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
    private readonly PostgreSqlDialect _dialect;
    private readonly string _schema;
    private readonly string _channel;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly Guid _owner = Guid.NewGuid();
    private readonly StartOnce _start = new();
    private readonly InstanceCache _recent;
    private readonly FrozenSet<string> _indexedDataFields;
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
        _dialect = new PostgreSqlDialect(_s);
        _indexedDataFields = options.IndexedDataFields.ToFrozenSet(StringComparer.Ordinal);
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
            await PostgreSqlSchema.IndexDataFieldsAsync(connection, _schema, _indexedDataFields, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw PostgreSqlSchema.Explain(ex, _where);
        }
    }

    /// <inheritdoc />
    ProcessInstance? IInstanceCopies.LastKnown(Guid instanceId) => _recent.FindCommitted(instanceId);

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

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    /// <summary>Opens a pooled connection, initializing the store first; a database that cannot be reached gives a <see cref="StoreUnavailableException"/>.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Gets the store's typed error for a fault of the database's availability, or <see langword="null"/>.</summary>
    private StoreUnavailableException? Fault(NpgsqlException exception, bool inDoubt = false) => PostgreSqlFaults.Classify(exception, _where, inDoubt);

    /// <summary>Awaits a store operation, turning a fault of the database's availability into the store's typed error.</summary>
    private async Task<T> Guard<T>(Task<T> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Awaits a store operation, turning a fault of the database's availability into the store's typed error.</summary>
    private async Task Guard(Task operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    private async Task<object?> ExecuteScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    private async Task<int> ExecuteNonQueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

    private async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex) is { } fault)
        {
            throw fault;
        }
    }

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

    /// <summary>Creates a command from a statement of the shared SQL, with its named parameters.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, SqlStatement statement)
    {
        var command = new NpgsqlCommand(statement.Text, connection);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        return command;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }
}
