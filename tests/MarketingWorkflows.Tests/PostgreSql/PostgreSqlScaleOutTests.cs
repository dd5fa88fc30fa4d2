using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using Npgsql;
using Xunit.Abstractions;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>
/// Three host processes on one PostgreSQL database: 10,000 commands with idempotency keys spread
/// across them on 8 hot instances, 1,000 timers due at once, every event delivered to an
/// idempotent consumer. Afterwards each decision is there once, each timer fired once, each event
/// handled once (in order per instance) and every history chain verifies — also when a host is
/// killed mid-run, and when the database restarts mid-run.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlScaleOutTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Commands = 10_000;
    private const int HotInstances = 8;
    private const int TimedInstances = 1_000;
    private const int LeaseSeconds = 3;
    private readonly string _schema = PostgresServer.NewSchema();
    private readonly List<Process> _hosts = [];

    /// <summary>Gets where the host program is built: beside the tests, in the same configuration.</summary>
    private static string HostFolder => AppContext.BaseDirectory.Replace("MarketingWorkflows.Tests", "MarketingWorkflows.HostClient", StringComparison.Ordinal);

    public async Task InitializeAsync()
    {
        // The consumer's tables: every delivery, and each event handled once (its id is the key).
        await server.ScalarAsync($"""
            CREATE SCHEMA {_schema};
            CREATE TABLE {_schema}.test_deliveries (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, host text NOT NULL);
            CREATE TABLE {_schema}.test_consumed (event_id uuid PRIMARY KEY, host text NOT NULL);
            """);
    }

    public Task DisposeAsync()
    {
        foreach (var host in _hosts.Where(h => !h.HasExited))
        {
            host.Kill(entireProcessTree: true);
        }

        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Three_hosts_count_each_decision_timer_and_event_once()
    {
        var run = await StartAsync();

        await run.WaitForCommandsAsync();

        await VerifyAsync(run);
    }

    [Fact]
    public async Task A_host_killed_mid_run_loses_nothing_and_doubles_nothing()
    {
        var run = await StartAsync();

        // Kill the first host once the timers are firing and commands are flowing: it holds claims.
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM {s}.mwf_instances WHERE state = 'Expired'") > 0 && run.Acknowledged > 2_000, "timers firing and commands flowing");
        run.Hosts[0].Kill();
        await run.Hosts[0].WaitForExitAsync();
        output.WriteLine($"killed host 0 after {run.Acknowledged} acknowledgements");

        // What it had not acknowledged is sent again, with the same keys, through a new host.
        var resent = StartHost("h3", run.Ranges[0].First, run.Ranges[0].Count, run.Hot, run);
        await run.WaitForCommandsAsync(except: 0);
        await resent.Done.Task.WaitAsync(TimeSpan.FromMinutes(3));

        await VerifyAsync(run);
    }

    [Fact]
    public async Task Commands_survive_a_database_restart_exactly_once()
    {
        server.Owned.Should().BeTrue("this test restarts the server it started; it cannot restart a server given by {0}", PostgresServer.ConnectionVariable);
        var run = await StartAsync();

        await WaitUntilAsync(() => Task.FromResult(run.Acknowledged > 3_000), "commands flowing");
        await server.StopAsync();
        output.WriteLine($"stopped the server after {run.Acknowledged} acknowledgements");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await server.StartAsync();
        NpgsqlConnection.ClearAllPools();

        await run.WaitForCommandsAsync();
        await VerifyAsync(run);
    }

    private async Task<Run> StartAsync()
    {
        // 1,000 instances wait for one deadline, due while the commands run.
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(8);
        var created = await RunToEndAsync(["create", HotInstances.ToString(CultureInfo.InvariantCulture), TimedInstances.ToString(CultureInfo.InvariantCulture), dueAt.ToString("O", CultureInfo.InvariantCulture)]);
        var hot = created.Where(l => l.StartsWith("hot ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray();
        hot.Should().HaveCount(HotInstances);
        created.Count(l => l.StartsWith("timed ", StringComparison.Ordinal)).Should().Be(TimedInstances);
        output.WriteLine($"created; {(dueAt - DateTimeOffset.UtcNow).TotalSeconds:F1} s until the timers are due");

        var run = new Run(hot);
        for (var h = 0; h < 3; h++)
        {
            var first = h * Commands / 3;
            var count = (h + 1) * Commands / 3 - first;
            run.Ranges.Add((first, count));
            run.Hosts.Add(StartHost("h" + h.ToString(CultureInfo.InvariantCulture), first, count, hot, run).Process);
        }

        run.Started.Restart();
        return run;
    }

    private (Process Process, TaskCompletionSource Done) StartHost(string name, long first, long count, string[] hot, Run run)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, WorkingDirectory = HostFolder };
        foreach (var argument in new[] { Path.Combine(HostFolder, "MarketingWorkflows.HostClient.dll"), server.ConnectionString, _schema, "run", name, LeaseSeconds.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) }.Concat(hot))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _hosts.Add(process);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        run.Done[process] = done;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("ack ", StringComparison.Ordinal))
            {
                run.Acks.TryAdd(long.Parse(e.Data[4..], CultureInfo.InvariantCulture), 0);
            }
            else if (e.Data == "done")
            {
                done.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                run.Errors.Enqueue($"{name}: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, done);
    }

    private async Task VerifyAsync(Run run)
    {
        // Every timer fired and every event handled: wait for the hosts to finish the work.
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM {s}.mwf_instances WHERE state = 'Expired'") == TimedInstances, "every timer fired");
        await WaitUntilAsync(async () => await CountAsync("SELECT count(*) FROM {s}.mwf_outbox WHERE status <> 1") == 0, "every event delivered");
        var elapsed = run.Started.Elapsed;
        foreach (var host in _hosts.Where(h => !h.HasExited))
        {
            host.StandardInput.Close();
        }

        output.WriteLine($"{run.Acknowledged} commands acknowledged, all work done in {elapsed.TotalSeconds:F1} s");
        foreach (var error in run.Errors.Take(20))
        {
            output.WriteLine(error);
        }

        run.Acks.Keys.Should().BeSubsetOf(Enumerable.Range(0, Commands).Select(i => (long)i));
        (await CountAsync("SELECT count(*) FROM {s}.mwf_commands WHERE key LIKE 'cmd-%'")).Should().Be(Commands, "every command was acknowledged at last");
        (await CountAsync("SELECT count(*) FROM {s}.mwf_history WHERE trigger = 'Decide'")).Should().Be(Commands, "each decision is recorded once");
        (await CountAsync("SELECT count(DISTINCT arguments) FROM {s}.mwf_history WHERE trigger = 'Decide'")).Should().Be(Commands);
        (await CountAsync("SELECT count(*) FROM {s}.mwf_instances i WHERE i.version <> (SELECT count(*) FROM {s}.mwf_history h WHERE h.instance_id = i.id)")).Should().Be(0, "no command is half-applied");

        (await CountAsync("SELECT count(*) FROM {s}.mwf_history WHERE kind = 'Deadline'")).Should().Be(TimedInstances, "each timer fired once");
        (await CountAsync("SELECT count(*) FROM {s}.mwf_timers")).Should().Be(0);

        var events = await CountAsync("SELECT count(*) FROM {s}.mwf_outbox");
        (await CountAsync("SELECT count(*) FROM {s}.test_consumed")).Should().Be(events, "each event is handled once");
        (await CountAsync("SELECT count(*) FROM {s}.mwf_outbox o WHERE NOT EXISTS (SELECT 1 FROM {s}.test_consumed c WHERE c.event_id = o.id)")).Should().Be(0);
        var deliveries = await CountAsync("SELECT count(*) FROM {s}.test_deliveries");
        output.WriteLine($"{events} events, {deliveries} deliveries ({deliveries - events} repeated)");
        (await CountAsync("""
            SELECT count(*) FROM (
                SELECT o.instance_id, o.seq, min(d.seq) AS first, lag(min(d.seq)) OVER (PARTITION BY o.instance_id ORDER BY o.seq) AS before
                FROM {s}.test_deliveries d JOIN {s}.mwf_outbox o ON o.id = d.event_id
                GROUP BY o.instance_id, o.seq) x
            WHERE x.first < x.before
            """)).Should().Be(0, "an instance's events are first delivered in their order");

        var registry = new ProcessDefinitionRegistry();
        registry.Register(ProcessDefinitionLoader.Json.LoadFile(Path.Combine(HostFolder, "multi-host.json")).GetDefinitionOrThrow());
        await using var store = server.OpenStore(_schema);
        var engine = new ProcessEngine(registry, store);
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var ids = new NpgsqlCommand($"SELECT id FROM {_schema}.mwf_instances", connection);
        var all = new List<Guid>();
        await using (var reader = await ids.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                all.Add(reader.GetGuid(0));
            }
        }

        all.Should().HaveCount(HotInstances + TimedInstances);
        foreach (var id in all)
        {
            (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue("the history chain of {0} verifies", id);
        }
    }

    private async Task<string[]> RunToEndAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = HostFolder };
        foreach (var argument in new[] { Path.Combine(HostFolder, "MarketingWorkflows.HostClient.dll"), server.ConnectionString, _schema }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        process.ExitCode.Should().Be(0, await error);
        return (await text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private async Task<long> CountAsync(string sql)
        => Convert.ToInt64(await server.ScalarAsync(sql.Replace("{s}", _schema, StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"Waited 3 minutes for {what}.");
            }

            await Task.Delay(200);
        }
    }

    private sealed class Run(string[] hot)
    {
        public string[] Hot { get; } = hot;

        public List<Process> Hosts { get; } = [];

        public List<(long First, long Count)> Ranges { get; } = [];

        public ConcurrentDictionary<long, byte> Acks { get; } = new();

        public ConcurrentDictionary<Process, TaskCompletionSource> Done { get; } = new();

        public ConcurrentQueue<string> Errors { get; } = new();

        public Stopwatch Started { get; } = new();

        public int Acknowledged => Acks.Count;

        public Task WaitForCommandsAsync(int? except = null)
            => Task.WhenAll(Hosts.Where((h, i) => i != except).Select(h => Done[h].Task)).WaitAsync(TimeSpan.FromMinutes(3));
    }
}
