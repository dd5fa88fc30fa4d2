using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using MarketingWorkflows.Testing;
using Npgsql;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The database a soak run's host works on, fresh for the run: a new SQLite file, or a new
/// database on a throwaway PostgreSQL server (the tests' <see cref="PostgresServer"/>, or the
/// server <c>MWF_POSTGRES_CONNECTION</c> names); and what it takes on disk.
/// </summary>
internal sealed class SoakDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly PostgresServer? _server;
    private readonly NpgsqlDataSource? _admin;
    private readonly NpgsqlDataSource? _soak;
    private readonly string? _databaseName;

    private SoakDatabase(string description, IReadOnlyDictionary<string, string> hostSettings, string? sqliteFile = null, PostgresServer? server = null, NpgsqlDataSource? admin = null, NpgsqlDataSource? soak = null, string? databaseName = null)
    {
        Description = description;
        HostSettings = hostSettings;
        _sqliteFile = sqliteFile;
        _server = server;
        _admin = admin;
        _soak = soak;
        _databaseName = databaseName;
    }

    /// <summary>Gets a line that says what the database is.</summary>
    public string Description { get; }

    /// <summary>Gets the host's storage settings, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; }

    /// <summary>Gets what the columns of <see cref="ReadSizesAsync"/> are called.</summary>
    public (string Database, string Wal) SizeNames => _sqliteFile is null ? ("database", "pg_wal") : ("SQLite file", "WAL file");

    /// <summary>A new SQLite file in <paramref name="folder"/>, with the host's defaults (WAL, <c>synchronous=FULL</c>).</summary>
    public static SoakDatabase Sqlite(string folder)
    {
        var file = Path.Combine(folder, "soak.db");
        return new SoakDatabase(
            $"SQLite, a fresh file ({file}), the host's settings",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Storage__Provider"] = "Sqlite", ["Storage__Sqlite"] = $"Data Source={file}" },
            sqliteFile: file);
    }

    /// <summary>A new database on a throwaway PostgreSQL server (started here) or on the one <c>MWF_POSTGRES_CONNECTION</c> names, the host's pool opening at most <paramref name="poolSize"/> connections.</summary>
    public static async Task<SoakDatabase> PostgresAsync(int poolSize)
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        var admin = NpgsqlDataSource.Create(server.ConnectionString);
        var name = "mwf_soak_" + Guid.NewGuid().ToString("N")[..12];
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name};"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var versionCommand = admin.CreateCommand("SELECT current_setting('server_version') || ', fsync = ' || current_setting('fsync') || ', synchronous_commit = ' || current_setting('synchronous_commit');");
        var version = (string?)await versionCommand.ExecuteScalarAsync();
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, MaxPoolSize = poolSize }.ConnectionString;
        return new SoakDatabase(
            $"PostgreSQL {version}, a fresh database {name} (the host's pool at most {poolSize} connections) on {(server.Owned ? "a throwaway server on this machine" : "the server MWF_POSTGRES_CONNECTION names")}",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Storage__Provider"] = "PostgreSql", ["Storage__PostgreSql"] = connection },
            server: server,
            admin: admin,
            soak: NpgsqlDataSource.Create(connection),
            databaseName: name);
    }

    /// <summary>
    /// Reads the database's size and its write-ahead log's, in bytes: the SQLite file and its
    /// <c>-wal</c> file, or <c>pg_database_size</c> and the server's <c>pg_wal</c> folder (all
    /// databases'; -1 when the user may not list it).
    /// </summary>
    public async Task<(long Database, long Wal)> ReadSizesAsync()
    {
        if (_sqliteFile is not null)
        {
            return (Length(_sqliteFile), Length(_sqliteFile + "-wal"));
        }

        await using var size = _soak!.CreateCommand("SELECT pg_database_size(current_database());");
        var database = Convert.ToInt64(await size.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        try
        {
            await using var wal = _soak.CreateCommand("SELECT COALESCE(sum(size), 0)::bigint FROM pg_ls_waldir();");
            return (database, Convert.ToInt64(await wal.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return (database, -1);
        }
    }

    /// <summary>
    /// Counts the connections open to the run's PostgreSQL database, this reader's own left out
    /// (the host's, from its pool: each is a server process and buffers in the host); -1 on SQLite.
    /// </summary>
    public async Task<int> ReadConnectionsAsync()
    {
        if (_soak is null)
        {
            return -1;
        }

        await using var count = _soak.CreateCommand("SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();");
        return (int)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the run's PostgreSQL database and stops the server if this started it; a SQLite file goes with the work folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_soak is not null)
        {
            await _soak.DisposeAsync();
        }

        if (_admin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using (var drop = _admin.CreateCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE);"))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await _admin.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
