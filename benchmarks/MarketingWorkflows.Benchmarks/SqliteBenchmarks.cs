using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Durable commands on SQLite (WAL, synchronous = FULL) against the physical limit of the same
/// file system: a raw ADO.NET loop doing an UPDATE with a version check and an INSERT of a
/// 200-byte history row per command, one command per transaction and a hundred per transaction.
/// Targets: the engine with one client at least 50 % of the raw one-per-transaction rate; with
/// 32 clients (group commit) at least 4 times it. Results are time per command.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 8)]
[GcServer(true)]
public class SqliteCommitBenchmarks
{
    private const int Sequential = 1_000;
    private const int Clients = 32;
    private const int PerClient = 300;
    private const int Batch = 100;
    private static readonly string Row = new('x', 200);

    private string _folder = string.Empty;
    private SqliteConnection _raw = null!;
    private SqliteProcessStore _store = null!;
    private ProcessEngine _engine = null!;
    private Guid[] _instances = [];
    private long _version;
    private long _sequence;

    /// <summary>Creates the two files: the raw one and the engine's.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mwf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _raw = new SqliteConnection($"Data Source={Path.Combine(_folder, "raw.db")};Pooling=False");
        await _raw.OpenAsync();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Execute("CREATE TABLE instances (id TEXT PRIMARY KEY, version INTEGER NOT NULL); CREATE TABLE history (instance_id TEXT NOT NULL, sequence INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (instance_id, sequence)) WITHOUT ROWID;");
        Execute("INSERT INTO instances VALUES ('raw', 0);");

        _store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "engine.db")}" });
        var registry = new ProcessDefinitionRegistry();
        registry.Register(EngineBenchmarks.Definition);
        _engine = new ProcessEngine(registry, _store);
        var data = JsonSerializer.SerializeToElement(new { owner = "ana", budget = new { amount = 25_000, currency = "EUR" } });
        var instances = new List<Guid>();
        for (var i = 0; i < Clients; i++)
        {
            instances.Add((await _engine.StartAsync("bench", data, EngineBenchmarks.Marketer)).Id);
        }

        _instances = [.. instances];
    }

    /// <summary>Removes the files.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine($"// commands per transaction: {_store.CommandsPerTransaction:F1}");
        await _raw.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The physical limit: one raw UPDATE-with-version and history INSERT per transaction.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sequential)]
    public void Raw_one_command_per_transaction()
    {
        for (var i = 0; i < Sequential; i++)
        {
            using var transaction = _raw.BeginTransaction();
            RawCommand(transaction);
            transaction.Commit();
        }
    }

    /// <summary>The same commands, a hundred per transaction.</summary>
    [Benchmark(OperationsPerInvoke = Sequential * 10)]
    public void Raw_hundred_commands_per_transaction()
    {
        for (var t = 0; t < Sequential * 10 / Batch; t++)
        {
            using var transaction = _raw.BeginTransaction();
            for (var i = 0; i < Batch; i++)
            {
                RawCommand(transaction);
            }

            transaction.Commit();
        }
    }

    /// <summary>The engine's durable command, one client waiting for each.</summary>
    [Benchmark(OperationsPerInvoke = Sequential)]
    public async Task Engine_one_client()
    {
        var id = _instances[0];
        var state = (await _engine.GetAsync(id)).State;
        for (var i = 0; i < Sequential; i++)
        {
            state = (await _engine.FireAsync(new ProcessCommand(id, state == "A" ? "Flip" : "Flop", EngineBenchmarks.Marketer))).Instance.State;
        }
    }

    /// <summary>The engine's durable command, 32 clients at once on 32 instances: the writer commits them in groups.</summary>
    [Benchmark(OperationsPerInvoke = Clients * PerClient)]
    public Task Engine_32_clients()
        => Task.WhenAll(_instances.Select(id => Task.Run(async () =>
        {
            var state = (await _engine.GetAsync(id)).State;
            for (var i = 0; i < PerClient; i++)
            {
                var result = await _engine.FireAsync(new ProcessCommand(id, state == "A" ? "Flip" : "Flop", EngineBenchmarks.Marketer));
                state = result.Instance.State;
            }
        })));

    private void RawCommand(SqliteTransaction transaction)
    {
        using (var update = _raw.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE instances SET version = $next WHERE id = 'raw' AND version = $version;";
            update.Parameters.AddWithValue("$next", _version + 1);
            update.Parameters.AddWithValue("$version", _version);
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("version check failed");
            }
        }

        _version++;
        using var insert = _raw.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO history (instance_id, sequence, body) VALUES ('raw', $sequence, $body);";
        insert.Parameters.AddWithValue("$sequence", ++_sequence);
        insert.Parameters.AddWithValue("$body", Row);
        insert.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A SQLite file with 100,000 instances: how long a store takes to open it (start-up, schema
/// check, first read), and the "waiting on me" query (the user's own items and their roles').
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 10)]
[GcServer(true)]
public class SqliteScaleBenchmarks
{
    private const int Instances = 100_000;
    private string _folder = string.Empty;
    private string _connectionString = string.Empty;
    private SqliteProcessStore _store = null!;
    private Guid _some;

    /// <summary>Fills the file: 100,000 instances waiting on one of 500 users or one of 20 roles.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mwf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _connectionString = $"Data Source={Path.Combine(_folder, "scale.db")}";
        var filling = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = _connectionString, Synchronous = SqliteSynchronous.Normal });
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var data = JsonSerializer.SerializeToElement(new { owner = "ana", budget = new { amount = 25_000, currency = "EUR" } });
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Instances), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var id = Guid.CreateVersion7(at.AddSeconds(i));
            var instance = new ProcessInstance
            {
                Id = id,
                ProcessId = "campaign-approval",
                DefinitionVersion = 1,
                State = "BudgetReview",
                Data = data,
                Version = 1,
                CreatedBy = "ana",
                CreatedAt = at.AddSeconds(i),
                UpdatedAt = at.AddSeconds(i),
                StateEnteredAt = at.AddSeconds(i),
                AwaitingUsers = i % 3 == 0 ? ["user" + (i % 500)] : [],
                AwaitingRoles = i % 3 == 0 ? [] : ["role" + (i % 20)],
            };
            await filling.CommitAsync(new InstanceCommit(instance, null, [], [], [], null), ct);
        });
        await filling.DisposeAsync();
        Console.WriteLine($"// filled {Instances:N0} instances in {watch.Elapsed.TotalSeconds:F1} s");
        _some = Guid.CreateVersion7(at.AddSeconds(Instances / 2));
        _store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = _connectionString });
        await _store.InitializeAsync();
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Opens a store on the file, checks the schema and reads one instance.</summary>
    [Benchmark]
    public async Task Start_up_with_100k_instances()
    {
        SqliteConnection.ClearAllPools();
        var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = _connectionString });
        await store.InitializeAsync();
        await store.GetAsync(_some);
        await store.DisposeAsync();
    }

    /// <summary>The first page of what waits on user42 or the role role7, newest first, with the total.</summary>
    [Benchmark]
    public Task<InstancePage> Waiting_on_me_over_100k_instances()
        => _store.QueryAsync(new InstanceQuery { WaitingOnUser = "user42", WaitingOnRoles = ["role7"], Take = 50 });
}
