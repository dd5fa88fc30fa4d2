using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Testing;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// The analytics benchmark: generates a history with the real engine (campaigns and content
/// reviews over two years, on a moved clock, from a fixed seed), copies it into a SQLite file and
/// a PostgreSQL schema, then times every analytics query there.
/// <c>dotnet run -c Release --project benchmarks/MarketingWorkflows.Benchmarks -- analytics [--instances N] [--repeat R] [--store sqlite|postgres|both]</c>
/// <para>
/// To time the queries again on data generated before: <c>--keep</c> keeps the SQLite file and,
/// with <c>MWF_POSTGRES_CONNECTION</c> naming a server, the PostgreSQL schema, and prints both;
/// <c>--sqlite-file PATH</c> and <c>--pg-schema NAME</c> then time them without generating
/// (opening them also applies any newer schema step, and the time it took is printed).
/// </para>
/// </summary>
internal static class AnalyticsLoad
{
    private static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>"Now" when data generated before is timed again: after all of it.</summary>
    private static readonly DateTimeOffset Reused = Start.AddDays(740);
    private static readonly Actor Ana = new("ana", "marketer", "author");
    private static readonly Actor Fiona = new("fiona", "finance");
    private static readonly Actor Lea = new("lea", "legal");
    private static readonly Actor Bea = new("bea", "brand");
    private static readonly string[] Channels = ["email", "sms", "social", "search", "display", "events", "print"];
    private static readonly string[] Regions = ["EU", "UK", "US", "CA", "APAC", "LATAM", "MEA"];

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = PostgreSqlLoad.Option(args, "--instances", 100_000);
        var repeat = PostgreSqlLoad.Option(args, "--repeat", 3);
        var which = PostgreSqlLoad.Value(args, "--store") ?? "both";

        var keep = args.Contains("--keep");
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        if (PostgreSqlLoad.Value(args, "--sqlite-file") is { } reusedFile)
        {
            var opened = Stopwatch.StartNew();
            await using var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={reusedFile}" });
            await store.GetAsync(Guid.Empty);
            Console.WriteLine($"opened {reusedFile} in {opened.Elapsed.TotalSeconds:N1} s");
            await MeasureAsync("SQLite", new ProcessAnalytics(store, registry, new ManualClock(Reused), new SqlAnalyticsSource(store)), repeat);
            return 0;
        }

        if (PostgreSqlLoad.Value(args, "--pg-schema") is { } reusedSchema)
        {
            var opened = Stopwatch.StartNew();
            await using var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = Environment.GetEnvironmentVariable(PostgresServer.ConnectionVariable)!, Schema = reusedSchema });
            await store.GetAsync(Guid.Empty);
            Console.WriteLine($"opened schema {reusedSchema} in {opened.Elapsed.TotalSeconds:N1} s");
            await MeasureAsync("PostgreSQL", new ProcessAnalytics(store, registry, new ManualClock(Reused), new SqlAnalyticsSource(store)), repeat);
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var (memory, now) = await GenerateAsync(registry, instances);
        var ids = (await AllIdsAsync(memory)).ToList();
        long entries = 0;
        foreach (var id in ids)
        {
            entries += (await memory.GetHistoryAsync(id)).Count;
        }

        Console.WriteLine($"generated {ids.Count:N0} instances with {entries:N0} history entries in {watch.Elapsed.TotalSeconds:N0} s");
        var clock = new ManualClock(now);

        if (which is "sqlite" or "both")
        {
            var path = Path.Combine(Path.GetTempPath(), $"mwf-analytics-{Guid.NewGuid():N}.db");
            try
            {
                await using var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" });
                await CopyAsync(memory, ids, store);
                Console.WriteLine($"SQLite file: {new FileInfo(path).Length / 1024 / 1024:N0} MiB");
                await MeasureAsync("SQLite", new ProcessAnalytics(store, registry, clock, new SqlAnalyticsSource(store)), repeat);
            }
            finally
            {
                if (keep)
                {
                    Console.WriteLine($"kept the SQLite file: --sqlite-file {path}");
                }
                else
                {
                    foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                    {
                        File.Delete(file);
                    }
                }
            }
        }

        if (which is "postgres" or "both")
        {
            var server = new PostgresServer();
            await server.InitializeAsync();
            try
            {
                var schema = PostgresServer.NewSchema();
                await using var store = server.OpenStore(schema);
                await CopyAsync(memory, ids, store);
                await MeasureAsync("PostgreSQL", new ProcessAnalytics(store, registry, clock, new SqlAnalyticsSource(store)), repeat);
                if (keep && !server.Owned)
                {
                    Console.WriteLine($"kept the PostgreSQL schema: --pg-schema {schema}");
                }
            }
            finally
            {
                await server.DisposeAsync();
            }
        }

        return 0;
    }

    private static async Task<(InMemoryProcessStore Store, DateTimeOffset Now)> GenerateAsync(ProcessDefinitionRegistry registry, int count)
    {
        var store = new InMemoryProcessStore();
        var clock = new ManualClock(Start);
        var engine = new ProcessEngine(registry, store, timeProvider: clock);
        var random = new Random(20261123);
        var span = TimeSpan.FromDays(728).Ticks / count;
        for (var n = 0; n < count; n++)
        {
            clock.Set(Start + TimeSpan.FromTicks(span * n));
            var hours = () => TimeSpan.FromMinutes(random.Next(10, 60 * 30));
            if (random.Next(10) < 7)
            {
                await CampaignAsync(engine, clock, random, hours);
            }
            else
            {
                await ContentAsync(engine, clock, random, hours);
            }
        }

        // Instances start in order and are spread evenly, so "now" a day after the last one is
        // after everything that happened.
        return (store, clock.GetUtcNow().AddDays(1));
    }

    private static async Task CampaignAsync(ProcessEngine engine, ManualClock clock, Random random, Func<TimeSpan> wait)
    {
        var budget = random.Next(1, 100) * 1_000m;
        var data = new CampaignData
        {
            Name = "Campaign",
            Owner = "ana",
            Budget = new Money(budget, "EUR"),
            Channels = [Channels[random.Next(Channels.Length)]],
            Regions = [Regions[random.Next(Regions.Length)]],
            StartAt = DateOnly.FromDateTime(clock.GetUtcNow().AddDays(30).UtcDateTime),
            ExpectedLeads = random.Next(100, 1_000),
            ExpectedRevenue = new Money(budget * 3, "EUR"),
        };
        var id = (await engine.StartAsync(CampaignApproval.ProcessId, data.ToJson(), Ana)).Id;
        for (var edit = 0; edit < 7; edit++)
        {
            clock.Advance(wait());
            await engine.UpdateDataAsync(new DataCommand(id, JsonSerializer.SerializeToElement(new { objective = $"draft {edit}" }), Ana));
        }

        await FireAsync(engine, clock, wait, id, CampaignApproval.Triggers.Submit, Ana);
        for (var guard = 0; guard < 8; guard++)
        {
            var state = (await engine.GetAsync(id)).State;
            var roll = random.Next(100);
            switch (state)
            {
                case CampaignApproval.States.BudgetReview or CampaignApproval.States.LegalReview:
                    var approver = state == CampaignApproval.States.BudgetReview ? Fiona : Lea;
                    var trigger = roll < 15 ? CampaignApproval.Triggers.RequestChanges : roll < 20 ? CampaignApproval.Triggers.Reject : CampaignApproval.Triggers.Approve;
                    await FireAsync(engine, clock, wait, id, trigger, approver, trigger == CampaignApproval.Triggers.Approve ? null : "see the notes");
                    break;
                case CampaignApproval.States.ChangesRequested:
                    await FireAsync(engine, clock, wait, id, CampaignApproval.Triggers.Resubmit, Ana);
                    break;
                case CampaignApproval.States.Approved when roll < 60:
                    await FireAsync(engine, clock, wait, id, CampaignApproval.Triggers.Schedule, Ana, args: new { launchAt = clock.GetUtcNow().AddDays(60) });
                    return;
                default:
                    return;
            }
        }
    }

    private static async Task ContentAsync(ProcessEngine engine, ManualClock clock, Random random, Func<TimeSpan> wait)
    {
        var data = new ContentData { Title = "Email", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(1, "https://cdn.example.com/v1.html") };
        var id = (await engine.StartAsync(ContentReview.ProcessId, data.ToJson(), Ana)).Id;
        await FireAsync(engine, clock, wait, id, ContentReview.Triggers.SubmitForReview, Ana);
        var rounds = 1 + random.Next(3);
        for (var round = 1; round <= rounds; round++)
        {
            var last = round == rounds;
            clock.Advance(wait());
            await engine.DecideAsync(id, last ? ContentReview.Decisions.Approved : ContentReview.Decisions.ChangesRequired, Bea, last ? null : "see the notes");
            clock.Advance(wait());
            await engine.DecideAsync(id, ContentReview.Decisions.Approved, Lea);
            if (!last)
            {
                await FireAsync(engine, clock, wait, id, ContentReview.Triggers.NewVersion, Ana, args: new { assetVersion = new { number = round + 1, uri = "https://cdn.example.com/v.html" } });
            }
        }

        if (random.Next(2) == 0)
        {
            await FireAsync(engine, clock, wait, id, ContentReview.Triggers.Publish, new Actor("pat", "publisher"));
        }
    }

    private static async Task FireAsync(ProcessEngine engine, ManualClock clock, Func<TimeSpan> wait, Guid id, string trigger, Actor actor, string? comment = null, object? args = null)
    {
        clock.Advance(wait());
        await engine.FireAsync(new ProcessCommand(id, trigger, actor) { Comment = comment, Arguments = args is null ? null : JsonSerializer.SerializeToElement(args) });
    }

    private static async Task<IEnumerable<Guid>> AllIdsAsync(IProcessStore store)
    {
        var ids = new List<Guid>();
        for (var skip = 0; ; skip += 500)
        {
            var page = await store.QueryAsync(new InstanceQuery { Skip = skip, Take = 500 });
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.Items.Count < 500)
            {
                return ids;
            }
        }
    }

    /// <summary>Copies every instance with its whole history, eight commits at a time.</summary>
    private static async Task CopyAsync(IProcessStore from, IReadOnlyList<Guid> ids, IProcessStore to)
    {
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < ids.Count; n = Interlocked.Increment(ref next))
            {
                var instance = (await from.GetAsync(ids[n]))!;
                var history = await from.GetHistoryAsync(ids[n]);
                await to.CommitAsync(new InstanceCommit(instance, null, history, [], [], null));
            }
        }));
        Console.WriteLine($"copied in {watch.Elapsed.TotalSeconds:N0} s");
    }

    private static async Task MeasureAsync(string name, IProcessAnalytics analytics, int repeat)
    {
        var all = new AnalyticsFilter();
        var campaigns = new AnalyticsFilter { ProcessId = CampaignApproval.ProcessId };
        var email = campaigns with { Data = new Dictionary<string, string> { ["channels"] = "email" } };
        var quarter = campaigns with { From = Start.AddDays(365), To = Start.AddDays(365 + 91) };
        var queries = new (string Name, Func<Task<int>> Run)[]
        {
            ("cycle time", async () => (await analytics.GetCycleTimesAsync(all)).Count),
            ("time in state", async () => (await analytics.GetTimeInStateAsync(all)).Count),
            ("turnaround by stage", async () => (await analytics.GetApprovalTurnaroundAsync(all, TurnaroundGrouping.Stage)).Count),
            ("turnaround by role", async () => (await analytics.GetApprovalTurnaroundAsync(all, TurnaroundGrouping.Role)).Count),
            ("turnaround by approver", async () => (await analytics.GetApprovalTurnaroundAsync(all, TurnaroundGrouping.Approver)).Count),
            ("approver queues", async () => (await analytics.GetApproverQueuesAsync(all)).Count),
            ("SLA", async () => (await analytics.GetSlaAsync(all)).Count),
            ("rework", async () => (await analytics.GetReworkAsync(all)).Count),
            ("throughput", async () => (await analytics.GetThroughputAsync(all)).Count),
            ("budget by channel", async () => (await analytics.GetBudgetAsync(all, BudgetGrouping.ByDimension("channels"))).Count),
            ("budget by region", async () => (await analytics.GetBudgetAsync(all, BudgetGrouping.ByDimension("regions"))).Count),
            ("budget by quarter", async () => (await analytics.GetBudgetAsync(all, BudgetGrouping.Quarter)).Count),
            ("time in state, campaigns on email", async () => (await analytics.GetTimeInStateAsync(email)).Count),
            ("cycle time, campaigns, one quarter", async () => (await analytics.GetCycleTimesAsync(quarter)).Count),
        };

        Console.WriteLine($"| {name} query | median | slowest | rows |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (label, run) in queries)
        {
            var times = new List<double>();
            var rows = 0;
            for (var r = 0; r < repeat; r++)
            {
                var watch = Stopwatch.StartNew();
                rows = await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {times[times.Count / 2]:N0} ms | {times[^1]:N0} ms | {rows} |"));
        }
    }

    /// <summary>The generator's clock, moved by hand.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void Set(DateTimeOffset at) => _now = at;
    }
}
