using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Every list query the library and the sample host ask, on SQLite files of 10,000, 100,000 and
/// 1,000,000 instances: one page of 20 and its total. Target: the median (p50) of each shape does
/// not grow with the file (the data field's grows with how rare its value is, unless the store
/// indexes the field: <c>IndexedDataFields</c>).
/// The file is filled straight into the tables by one SQL statement per table, not through the
/// engine. Of every 10 instances 6 are campaign approvals; every 20th is open, waiting on a user
/// and with a deadline a day after it started (the oldest are overdue); each is linked to the
/// instance numbered the hundred below it.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 15)]
[MedianColumn]
public class SqliteQueryBenchmarks
{
    private const string Campaigns = "campaign-approval";
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private SqliteProcessStore _store = null!;
    private InstanceQuery _query = null!;

    /// <summary>Gets or sets how many instances the file holds.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Size { get; set; }

    /// <summary>Gets or sets the query shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = string.Empty;

    /// <summary>Gets the query shapes' names.</summary>
    public static IEnumerable<string> Shapes =>
    [
        "newest", "open", "by process", "by process, open", "by process, page 25", "by process and state",
        "by data field", "by indexed data field", "waiting on me", "overdue", "linked to", "linked to, by process",
    ];

    /// <summary>
    /// Opens the file of this size, filling it first when no earlier case left one: each case runs
    /// in a process of its own, and the queries only read, so the cases of a size share one file
    /// in the temporary folder (mwf-bench-queries-SIZE-sVERSION.db; delete them afterwards).
    /// </summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mwf-bench-queries-{Size}-s{SqliteProcessStore.SchemaVersion}.db");
        if (!File.Exists(path))
        {
            var folder = Path.Combine(Path.GetTempPath(), "mwf-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var filling = Path.Combine(folder, "queries.db");
            var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={filling}" });
            await store.InitializeAsync();
            await using (var connection = new SqliteConnection($"Data Source={filling};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var fill = connection.CreateCommand();
                fill.CommandText = Fill(Size);
                fill.Parameters.AddWithValue("$template", TemplateBody());
                fill.CommandTimeout = 0;
                await fill.ExecuteNonQueryAsync();
            }

            await store.DisposeAsync();
            SqliteConnection.ClearAllPools();
            File.Move(filling, path, overwrite: true);
            Directory.Delete(folder, recursive: true);
        }

        // The indexed shape's store indexes the field, which builds the index in the shared file
        // once; the other shapes' stores do not name it, so their queries never read it.
        _store = new SqliteProcessStore(new SqliteStoreOptions
        {
            ConnectionString = $"Data Source={path}",
            IndexedDataFields = Shape == "by indexed data field" ? ["owner"] : [],
        });
        await _store.InitializeAsync();

        var newestTarget = Id(Size - 100);
        _query = Shape switch
        {
            "newest" => new InstanceQuery { Take = 20 },
            "open" => new InstanceQuery { IncludeCompleted = false, Take = 20 },
            "by process" => new InstanceQuery { ProcessId = Campaigns, Take = 20 },
            "by process, open" => new InstanceQuery { ProcessId = Campaigns, IncludeCompleted = false, Take = 20 },
            "by process, page 25" => new InstanceQuery { ProcessId = Campaigns, Skip = 480, Take = 20 },
            "by process and state" => new InstanceQuery { ProcessId = Campaigns, State = "in-review", Take = 20 },
            "by data field" or "by indexed data field" => new InstanceQuery { ProcessId = Campaigns, DataField = "owner", DataValue = "u3", Take = 20 },
            "waiting on me" => new InstanceQuery { WaitingOnUser = "u20", WaitingOnRoles = ["finance"], IncludeCompleted = false, Take = 20 },
            "overdue" => new InstanceQuery { OverdueAt = Now, IncludeCompleted = false, Take = 20 },
            "linked to" => new InstanceQuery { LinkedTo = newestTarget, Take = 20 },
            "linked to, by process" => new InstanceQuery { ProcessId = Campaigns, LinkedTo = newestTarget, Take = 20 },
            _ => throw new InvalidOperationException($"No query shape named '{Shape}'."),
        };
    }

    /// <summary>Closes the file (kept for the next cases of its size).</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>One page and its total, through the store.</summary>
    /// <returns>The page.</returns>
    [Benchmark]
    public Task<InstancePage> Query() => _store.QueryAsync(_query);

    private static Guid Id(int i) => Guid.Parse($"00000000-0000-7000-8000-{i:D12}");

    private static string TemplateBody() => StoreJson.WriteInstance(new ProcessInstance
    {
        Id = Guid.Empty,
        ProcessId = Campaigns,
        DefinitionVersion = 1,
        State = "done",
        Data = JsonSerializer.SerializeToElement(new { owner = "OWNER", name = "Spring launch", budget = new { amount = 25_000, currency = "EUR" } }),
        Version = 1,
        CreatedBy = "ana",
        CreatedAt = Now,
        UpdatedAt = Now,
        StateEnteredAt = Now,
    });

    private static string Fill(int size)
    {
        var start = Now.UtcTicks - (size * TimeSpan.TicksPerSecond);
        var series = $"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {size - 1})";
        const string Id = "printf('00000000-0000-7000-8000-%012d', i)";
        const string Target = "printf('00000000-0000-7000-8000-%012d', i - i % 100)";
        var created = $"{start} + i * {TimeSpan.TicksPerSecond}";
        return $"""
            BEGIN;
            INSERT INTO mwf_instances (id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at)
                {series} SELECT {Id},
                    CASE WHEN i % 10 < 6 THEN '{Campaigns}' WHEN i % 10 < 9 THEN 'content-review' ELSE 'launch-checklist' END,
                    CASE WHEN i % 20 = 0 THEN 'in-review' ELSE 'done' END,
                    1, CASE WHEN i % 20 = 0 THEN 0 ELSE 1 END, {created},
                    CASE WHEN i % 20 = 0 THEN {created} + {TimeSpan.TicksPerDay} END,
                    replace(replace($template, '{Guid.Empty}', {Id}), 'OWNER', 'u' || (i % 50)),
                    '', '', {created}
                FROM n;
            INSERT INTO mwf_awaiting (kind, name, instance_id, created_at, is_completed)
                {series} SELECT 'u', 'u' || (i % 50), {Id}, {created}, 0 FROM n WHERE i % 20 = 0;
            INSERT INTO mwf_awaiting (kind, name, instance_id, created_at, is_completed)
                {series} SELECT 'r', 'finance', {Id}, {created}, 0 FROM n WHERE i % 40 = 0;
            INSERT INTO mwf_links (target_id, instance_id, relation, created_at)
                {series} SELECT {Target}, {Id}, 'parent', {created} FROM n WHERE i % 100 <> 0;
            INSERT INTO mwf_history (instance_id, sequence, kind, actor, from_state, to_state, data_revision, definition_version, at, self_approval, previous_hash, hash)
                {series} SELECT {Id}, 1, 'Started', 'ana', 'draft', 'draft', 1, 1, {created}, 0, '', '' FROM n;
            COMMIT;
            """;
    }
}
