using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Sqlite;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// The engine's durable command on SQLite against the true limit for its schema: a raw loop that
/// writes exactly the rows the engine writes for one command (<see cref="EngineRows"/>: the same
/// tables, indexes, column sizes and outbox rows, in a file the store created), one command per
/// transaction and in groups of the size the engine's writer forms with 32 clients. Reports, in
/// the log, the group size and the WAL frames (pages) each command writes, for the engine and for
/// the raw loop. WAL, synchronous = FULL, as the store runs by default.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 8)]
[GcServer(true)]
public class SqliteEngineRowsBenchmarks
{
    private const int Clients = 32;
    private const int PerClient = 300;
    private const int Sequential = 1_000;

    /// <summary>Commands measured for WAL frames: few enough that no automatic checkpoint (1,000 frames) resets the log, even one per transaction.</summary>
    private const int FramesSample = 96;

    private string _folder = string.Empty;
    private SqliteProcessStore _store = null!;
    private ProcessEngine _engine = null!;
    private Guid[] _instances = [];
    private SqliteConnection _raw = null!;
    private EngineRows _rows = null!;
    private string[] _rawIds = [];
    private long[] _rawVersions = [];
    private long[] _rawSequences = [];
    private int _group;
    private int _turn;

    /// <summary>Creates both files, learns the engine's group size and rows, and measures WAL frames per command.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mwf-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var enginePath = Path.Combine(_folder, "engine.db");
        (_store, _engine, _instances) = await StartAsync(enginePath);
        await FireAllAsync(10);
        _group = Math.Max(1, (int)Math.Round(_store.CommandsPerTransaction));

        using (var peek = new SqliteConnection($"Data Source={enginePath};Mode=ReadOnly;Pooling=False"))
        {
            peek.Open();
            _rows = EngineRows.Capture(peek, Scalar<string>(peek, "SELECT id FROM mwf_instances LIMIT 1"));
        }

        var rawPath = Path.Combine(_folder, "raw.db");
        var (rawStore, _, _) = await StartAsync(rawPath);
        await rawStore.DisposeAsync();
        _raw = new SqliteConnection($"Data Source={rawPath};Pooling=False");
        await _raw.OpenAsync();
        Execute(_raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        var ids = new List<string>();
        var versions = new List<long>();
        var sequences = new List<long>();
        using (var read = _raw.CreateCommand())
        {
            read.CommandText = "SELECT i.id, i.version, (SELECT MAX(sequence) FROM mwf_history h WHERE h.instance_id = i.id) FROM mwf_instances i;";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
                versions.Add(reader.GetInt64(1));
                sequences.Add(reader.GetInt64(2));
            }
        }

        (_rawIds, _rawVersions, _rawSequences) = ([.. ids], [.. versions], [.. sequences]);

        Console.WriteLine(FormattableString.Invariant($"// engine group size with {Clients} clients: {_store.CommandsPerTransaction:F1} commands per transaction (raw groups of {_group})"));
        Console.WriteLine($"// rows per command: {_rows.Sizes}");

        // The engine's group size varies from run to run on a busy machine, and the pages a
        // command shares with its group with it: the raw loop in fixed group sizes compares layouts.
        var (transactions, commands) = _store.WriterCounts;
        var (engineFrames, engineOwners) = await FramesPerCommandAsync(_store.WriterConnection!, () => FireAllAsync(FramesSample / Clients));
        var group = (_store.WriterCounts.Commands - commands) / (double)(_store.WriterCounts.Transactions - transactions);
        Console.WriteLine(FormattableString.Invariant($"// WAL frames per command, engine ({group:F1} commands per transaction in the sample): {engineFrames:F2}: {engineOwners}"));
        await DeliverAsync(Task.CompletedTask);
        (transactions, commands) = _store.WriterCounts;
        var (deliveredFrames, deliveredOwners) = await FramesPerCommandAsync(_store.WriterConnection!, () => DeliverAsync(FireAllAsync(FramesSample / Clients)));
        group = (_store.WriterCounts.Commands - commands) / (double)(_store.WriterCounts.Transactions - transactions);
        Console.WriteLine(FormattableString.Invariant($"// WAL frames per command, engine with its events claimed and acknowledged as they commit ({group:F1} commands per transaction): {deliveredFrames:F2}: {deliveredOwners}"));
        foreach (var size in new[] { 1, 4, 16, _group }.Distinct())
        {
            var (rawFrames, rawOwners) = await FramesPerCommandAsync(_raw, () => { RawCommands(FramesSample, size); return Task.CompletedTask; });
            Console.WriteLine(FormattableString.Invariant($"// WAL frames per command, raw in groups of {size}: {rawFrames:F2}: {rawOwners}"));
        }
    }

    /// <summary>Removes the files.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine(FormattableString.Invariant($"// commands per transaction: {_store.CommandsPerTransaction:F1}"));
        await _raw.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The engine's rows, one command per transaction.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sequential)]
    public void Raw_engine_rows_one_per_transaction() => RawCommands(Sequential, 1);

    /// <summary>The engine's rows, in transactions of the engine's group size.</summary>
    [Benchmark(OperationsPerInvoke = Clients * PerClient)]
    public void Raw_engine_rows_in_engine_groups() => RawCommands(Clients * PerClient, _group);

    /// <summary>The engine, one client waiting for each command.</summary>
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

    /// <summary>The engine, 32 clients on 32 instances: its writer commits them in groups.</summary>
    [Benchmark(OperationsPerInvoke = Clients * PerClient)]
    public Task Engine_32_clients() => FireAllAsync(PerClient);

    private static async Task<(SqliteProcessStore Store, ProcessEngine Engine, Guid[] Instances)> StartAsync(string path)
    {
        var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" });
        var registry = new ProcessDefinitionRegistry();
        registry.Register(EngineBenchmarks.Definition);
        var engine = new ProcessEngine(registry, store);
        var data = JsonSerializer.SerializeToElement(new { owner = "ana", budget = new { amount = 25_000, currency = "EUR" } });
        var instances = new Guid[Clients];
        for (var i = 0; i < Clients; i++)
        {
            instances[i] = (await engine.StartAsync("bench", data, EngineBenchmarks.Marketer)).Id;
            await engine.FireAsync(new ProcessCommand(instances[i], "Flip", EngineBenchmarks.Marketer));
        }

        return (store, engine, instances);
    }

    private Task FireAllAsync(int perClient)
        => Task.WhenAll(_instances.Select(id => Task.Run(async () =>
        {
            var state = (await _engine.GetAsync(id)).State;
            for (var i = 0; i < perClient; i++)
            {
                state = (await _engine.FireAsync(new ProcessCommand(id, state == "A" ? "Flip" : "Flop", EngineBenchmarks.Marketer))).Instance.State;
            }
        })));

    /// <summary>
    /// Claims and acknowledges the store's pending events, as the event dispatcher does, until
    /// <paramref name="firing"/> has completed and none is left.
    /// </summary>
    private async Task DeliverAsync(Task firing)
    {
        while (true)
        {
            var finished = firing.IsCompleted;
            var claimed = await _store.ClaimPendingEventsAsync(TimeProvider.System.GetUtcNow(), 100, TimeSpan.FromMinutes(1));
            if (claimed.Count > 0)
            {
                await _store.AcknowledgeEventsAsync([.. claimed.Select(c => c.Event.Id)]);
            }
            else if (finished)
            {
                await firing;
                return;
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }

    private void RawCommands(int count, int group)
    {
        for (var done = 0; done < count;)
        {
            using var transaction = _raw.BeginTransaction();
            for (var i = 0; i < group && done < count; i++, done++)
            {
                // Round robin over the instances, as 32 clients spread over 32 instances.
                var k = _turn++ % _rawIds.Length;
                _rows.Write(_raw, transaction, _rawIds[k], _rawVersions[k], ++_rawSequences[k]);
                _rawVersions[k]++;
            }

            transaction.Commit();
        }
    }

    /// <summary>
    /// Empties the WAL on the writing connection (so no other connection's lock keeps the log),
    /// runs <paramref name="run"/>, and divides the frames the log then holds by the commands run
    /// (<see cref="FramesSample"/>), in all and by the table or index of each frame's page
    /// (<see cref="WalPages"/>). NaN when the log could not be emptied first.
    /// </summary>
    private static async Task<(double Frames, string ByOwner)> FramesPerCommandAsync(SqliteConnection writer, Func<Task> run)
    {
        if (Checkpoint(writer, "TRUNCATE") < 0)
        {
            return (double.NaN, "-");
        }

        await run();

        // The log's size: a 32-byte header, then one frame (a 24-byte header and a page) per page written.
        var wal = new FileInfo(writer.DataSource + "-wal");
        var frames = (wal.Length - 32) / (Scalar<long>(writer, "PRAGMA page_size;") + 24);
        return (frames / (double)FramesSample, WalPages.Format(WalPages.Breakdown(writer), FramesSample));
    }

    /// <summary>Runs a checkpoint and returns the frames in the log before it, or -1 when it was blocked.</summary>
    private static long Checkpoint(SqliteConnection connection, string mode)
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = checkpoint.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) != 0 ? -1 : reader.GetInt64(1);
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
