using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Durable commands on PostgreSQL, all in one run against one throwaway server (fsync on):
/// <list type="number">
/// <item>the limit: a raw Npgsql loop doing the engine's transaction by hand — in one round trip
/// (one batch, one implicit transaction) the UPDATE with the version check and the INSERTs of the
/// same history, outbox and queue rows, on the same tables and indexes; like the engine, which
/// starts from its copy of the instance, it reads the row once and goes on from what it wrote;</item>
/// <item>the engine's durable command (<see cref="ProcessEngine.FireAsync"/>) with 1, 8 and 32
/// clients, each client on an instance of its own, measured in rounds interleaved with the raw
/// loop at the same concurrency so that the machine's drift hits both alike;</item>
/// <item>throughput with 1, 2 and 3 host processes (full hosts: engine, timer worker, event
/// dispatcher delivering every event to a handler) sharing a load of 32 clients, as a load
/// balancer would spread it; the host counts take turns round by round. <c>--only hosts</c> runs
/// this part alone, <c>--hosts 1,3</c> chooses the host counts, and <c>--no-workers</c> runs its
/// hosts without timer worker and dispatcher, to tell their cost from the commands'; <c>--raw</c>
/// runs the raw loop in the host processes instead of hosts, to tell what splitting the same
/// transactions over more processes costs by itself from what more hosts of ours cost.
/// <c>--rate N</c> offers N commands a second in all instead of as many as the clients can do:
/// with the machine's cores saturated, CPU per command grows with every process sharing them
/// (context switches, caches), so comparing host counts below saturation tells the hosts' own
/// overhead from that competition.</item>
/// </list>
/// Besides commands per second it reports the CPU spent per command in the clients or hosts and
/// in the database server (its own processes' CPU time from /proc, summed), which is what the
/// capacity arithmetic in docs/scaling.md uses; for the hosts also the two together, how much more
/// that is with each host count than with the first, and the share of the outbox's row updates
/// that PostgreSQL wrote as heap-only (HOT) updates.
/// </summary>
internal static class PostgreSqlLoad
{
    private const string Flip = "Flip";
    private const string Flop = "Flop";
    private static readonly int[] ClientCounts = [1, 8, 32];
    private static readonly int[] HostCounts = [1, 2, 3];

    /// <summary>Runs the whole comparison and prints the tables.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 5);
        var rounds = Option(args, "--rounds", 5);
        var at = Array.IndexOf(args, "--only");
        var only = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { MaxPoolSize = 64 }.ConnectionString;
            await PrintMachineAsync(connection, seconds, rounds);
            if (only is null or "clients")
            {
                await CompareWithRawAsync(connection, TimeSpan.FromSeconds(seconds), rounds);
            }

            if (only is null or "hosts")
            {
                var counts = Value(args, "--hosts") is { } list ? list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray() : HostCounts;
                var mode = args.Contains("--raw") ? HostMode.Raw : args.Contains("--no-workers") ? HostMode.NoWorkers : HostMode.Full;
                await MeasureHostsAsync(connection, TimeSpan.FromSeconds(seconds), rounds, mode, counts, Option(args, "--rate", 0));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        return 0;
    }

    /// <summary>
    /// One host process: <c>postgres-host &lt;connection&gt; &lt;schema&gt; [--no-workers | --raw &lt;template instance&gt;]</c>
    /// (with <c>--raw</c>, raw clients on <c>bench_raw</c> instead of a host). Prints "ready", then for
    /// each line "run &lt;seconds&gt; &lt;id&gt;,&lt;id&gt;... [&lt;commands a second per client&gt;]" runs one client per instance for that long (as fast as it can, or at that rate) and
    /// prints "count &lt;commands&gt; &lt;elapsed seconds&gt; &lt;cpu seconds&gt; &lt;methods compiled meanwhile&gt;"; ends when its input closes.
    /// </summary>
    public static async Task<int> RunHostAsync(string[] args)
    {
        if (Value(args, "--raw") is { } template)
        {
            await using var dataSource = PostgreSqlRawClient.CreateDataSource(args[1]);
            var (history, outbox) = await PostgreSqlRawClient.ReadTemplatesAsync(dataSource, Guid.Parse(template));
            await ServeRunsAsync((id, stop, rate) => new PostgreSqlRawClient(dataSource, id, history, outbox).RunAsync(stop, rate));
            return 0;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMarketingWorkflows(o => o.RunBackgroundWorkers = !args.Contains("--no-workers"))
            .AddProcess(EngineBenchmarks.Definition)
            .AddEventHandler<DiscardingHandler>()
            .UsePostgreSql(args[1], s => s.Schema = args[2]);
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IProcessEngine>();
        await ServeRunsAsync((id, stop, rate) => EngineClientAsync(engine, id, stop, rate));
        await host.StopAsync();
        return 0;
    }

    /// <summary>Prints "ready", then serves the run lines of <see cref="RunHostAsync"/> with one <paramref name="client"/> per instance, until the input closes.</summary>
    private static async Task ServeRunsAsync(Func<Guid, Func<bool>, double, Task> client)
    {
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            var instances = parts[2].Split(',').Select(Guid.Parse).ToArray();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var compiled = JitInfo.GetCompiledMethodCount();
            var rate = parts.Length > 3 ? double.Parse(parts[3], CultureInfo.InvariantCulture) : 0;
            var (count, elapsed) = await RunClientsAsync(instances.Length, TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)), (i, stop) => client(instances[i], stop, rate));
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(FormattableString.Invariant($"count {count} {elapsed.TotalSeconds} {cpu.TotalSeconds} {JitInfo.GetCompiledMethodCount() - compiled}"));
        }
    }

    private static async Task CompareWithRawAsync(string connection, TimeSpan duration, int rounds)
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(EngineBenchmarks.Definition);
        await using var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = "bench_engine" });
        await store.InitializeAsync();
        var engine = new ProcessEngine(registry, store);
        var instances = await StartInstancesAsync(engine, ClientCounts.Max());

        // The raw loop writes the same rows into the same tables: copies of the engine's instance
        // rows, and history and outbox rows taken from one real engine command.
        await using (var raw = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = "bench_raw" }))
        {
            await raw.InitializeAsync();
        }

        await engine.FireAsync(new ProcessCommand(instances[0], Flip, EngineBenchmarks.Marketer));
        await engine.FireAsync(new ProcessCommand(instances[0], Flop, EngineBenchmarks.Marketer));
        // The raw loop's connections are set up as the store sets up its own.
        await using var dataSource = PostgreSqlRawClient.CreateDataSource(connection);
        await CopyInstancesToRawAsync(dataSource);
        var (history, outbox) = await PostgreSqlRawClient.ReadTemplatesAsync(dataSource, instances[0]);

        Console.WriteLine();
        Console.WriteLine("| clients | raw Npgsql loop (commands/s) | engine durable command (commands/s) | engine / raw | engine latency (ms) | engine CPU per command: client / database (µs) | raw CPU per command: client / database (µs) | WAL per command: engine / raw (bytes) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var clients in ClientCounts)
        {
            var rawClients = Enumerable.Range(0, clients).Select(i => new PostgreSqlRawClient(dataSource, instances[i], history, outbox)).ToArray();
            Task RawAsync(int i, Func<bool> stop) => rawClients[i].RunAsync(stop);
            Task EngineAsync(int i, Func<bool> stop) => EngineClientAsync(engine, instances[i], stop);

            await MeasureInProcessAsync(dataSource, clients, TimeSpan.FromSeconds(2), RawAsync);
            await MeasureInProcessAsync(dataSource, clients, TimeSpan.FromSeconds(2), EngineAsync);
            var rawResults = new List<Measurement>();
            var engineResults = new List<Measurement>();
            for (var round = 0; round < rounds; round++)
            {
                rawResults.Add(await MeasureInProcessAsync(dataSource, clients, duration, RawAsync));
                engineResults.Add(await MeasureInProcessAsync(dataSource, clients, duration, EngineAsync));
            }

            var rawMedian = Median(rawResults);
            var engineMedian = Median(engineResults);
            Console.WriteLine(FormattableString.Invariant(
                $"| {clients} | {rawMedian.PerSecond:N0} ({Spread(rawResults)}) | {engineMedian.PerSecond:N0} ({Spread(engineResults)}) | {engineMedian.PerSecond / rawMedian.PerSecond:P0} | {clients * 1000 / engineMedian.PerSecond:F2} | {engineMedian.ClientMicroseconds:F0} / {engineMedian.DatabaseMicroseconds:F0} | {rawMedian.ClientMicroseconds:F0} / {rawMedian.DatabaseMicroseconds:F0} | {engineMedian.WalBytes:N0} / {rawMedian.WalBytes:N0} |"));
        }
    }

    /// <summary>Copies the engine's instance rows from <c>bench_engine</c> into <c>bench_raw</c>, whose schema the store has made.</summary>
    private static async Task CopyInstancesToRawAsync(NpgsqlDataSource dataSource)
    {
        // Named columns: the generated data column cannot be written.
        const string Columns = "id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at";
        await ExecuteAsync(dataSource, $"INSERT INTO bench_raw.mwf_instances ({Columns}) SELECT {Columns} FROM bench_engine.mwf_instances;");
    }

    /// <summary>
    /// How many methods a host may still compile in a warm-up run of <see cref="WarmUpRun"/> and
    /// count as warm. A host process just started compiles its code twice over under load (tiered
    /// compilation, then profile-guided optimisation): on two cores shared with the database and
    /// the other hosts that takes a new host 20 seconds or more, during which its commands cost
    /// it several times their CPU. Measured before it is done, more hosts would look slower for
    /// that alone, which a host that has run for minutes no longer pays.
    /// </summary>
    private const int WarmCompilations = 10;

    private static readonly TimeSpan WarmUpRun = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(90);

    /// <summary>What the host processes of the hosts part run.</summary>
    private enum HostMode
    {
        /// <summary>Full hosts: engine, timer worker, event dispatcher.</summary>
        Full,

        /// <summary>Hosts without timer worker and dispatcher.</summary>
        NoWorkers,

        /// <summary>The raw loop, on <c>bench_raw</c>.</summary>
        Raw,
    }

    private static async Task MeasureHostsAsync(string connection, TimeSpan duration, int rounds, HostMode mode, int[] hostCounts, int rate)
    {
        const string Schema = "bench_hosts";
        var workers = mode == HostMode.Full;
        var registry = new ProcessDefinitionRegistry();
        registry.Register(EngineBenchmarks.Definition);
        Guid[] instances;
        await using var dataSource = NpgsqlDataSource.Create(connection);

        // The client runs leave large tables behind whose vacuuming would run during this one.
        await ExecuteAsync(dataSource, "DROP SCHEMA IF EXISTS bench_raw, bench_engine CASCADE;");
        string[] hostArguments = mode == HostMode.NoWorkers ? ["--no-workers"] : [];
        if (mode == HostMode.Raw)
        {
            // The raw loop's instances and template rows, made as the client part makes them.
            await using var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = "bench_engine" });
            await store.InitializeAsync();
            var engine = new ProcessEngine(registry, store);
            instances = await StartInstancesAsync(engine, ClientCounts.Max());
            await engine.FireAsync(new ProcessCommand(instances[0], Flip, EngineBenchmarks.Marketer));
            await engine.FireAsync(new ProcessCommand(instances[0], Flop, EngineBenchmarks.Marketer));
            await using (var raw = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = "bench_raw" }))
            {
                await raw.InitializeAsync();
            }

            await CopyInstancesToRawAsync(dataSource);
            hostArguments = ["--raw", instances[0].ToString()];
        }
        else
        {
            await using var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = connection, Schema = Schema });
            await store.InitializeAsync();
            instances = await StartInstancesAsync(new ProcessEngine(registry, store), ClientCounts.Max());
        }

        try
        {
            await ExecuteAsync(dataSource, "CHECKPOINT;");
        }
        catch (PostgresException)
        {
            // Only a superuser (or pg_checkpoint) may; the run goes on without.
        }
        var hosts = new List<HostProcess>();
        try
        {
            Console.WriteLine();
            Console.WriteLine($"| hosts | commands/s ({instances.Length} clients in all{(rate > 0 ? FormattableString.Invariant($", {rate:N0}/s offered") : string.Empty)}) | host CPU per command (µs) | database CPU per command (µs) | host + database CPU per command (µs) | against {hostCounts[0]} host(s) | WAL per command (bytes) | outbox updates written as HOT | events still undelivered at the end |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            // The host counts take turns, round by round, each round in a rotated order: the tables
            // grow through the run, and measured one count after the other the later counts would
            // pay for that growth (and for whatever else drifts on a shared machine).
            var results = hostCounts.ToDictionary(count => count, _ => new List<Measurement>());
            var undelivered = new Dictionary<int, object?>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var count in hostCounts.Skip(round % hostCounts.Length).Concat(hostCounts.Take(round % hostCounts.Length)))
                {
                    while (hosts.Count < count)
                    {
                        hosts.Add(await HostProcess.StartAsync(connection, Schema, hostArguments));
                    }

                    while (hosts.Count > count)
                    {
                        await hosts[^1].DisposeAsync();
                        hosts.RemoveAt(hosts.Count - 1);
                    }

                    // Each turn starts with the events of the last one delivered, and warms up first.
                    if (workers)
                    {
                        await WaitForDeliveryAsync(dataSource, Schema);
                    }

                    // Every turn warms up until no host is still compiling its code (see WarmCompilations).
                    var warming = Stopwatch.StartNew();
                    while ((await RunHostsAsync(dataSource, hosts, instances, WarmUpRun, rate)).Compiled > WarmCompilations)
                    {
                        if (warming.Elapsed > MaxWarmUp)
                        {
                            Console.WriteLine(FormattableString.Invariant($"// {count} hosts: still compiling after {MaxWarmUp.TotalSeconds} s of warm-up; measured all the same"));
                            break;
                        }
                    }

                    results[count].Add(await RunHostsAsync(dataSource, hosts, instances, duration, rate));
                    undelivered[count] = await ScalarAsync(dataSource, $"SELECT count(*) FROM {(mode == HostMode.Raw ? "bench_raw" : Schema)}.mwf_outbox WHERE status = 0;");
                }
            }

            // CPU per command is each round's figure, the median over the rounds (not the figure of
            // the round with the median throughput): the comparison between host counts rests on it.
            var baseline = MedianOf(results[hostCounts[0]], r => r.ClientMicroseconds + r.DatabaseMicroseconds);
            foreach (var count in hostCounts)
            {
                var median = Median(results[count]);
                var host = MedianOf(results[count], r => r.ClientMicroseconds);
                var database = MedianOf(results[count], r => r.DatabaseMicroseconds);
                var total = MedianOf(results[count], r => r.ClientMicroseconds + r.DatabaseMicroseconds);
                Console.WriteLine(FormattableString.Invariant(
                    $"| {count} | {median.PerSecond:N0} ({Spread(results[count])}) | {host:F0} | {database:F0} | {total:F0} | {total / baseline - 1:+0.0 %;-0.0 %;0.0 %} | {median.WalBytes:N0} | {MedianOf(results[count], r => r.HotShare):P0} | {undelivered[count]} |"));
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static async Task WaitForDeliveryAsync(NpgsqlDataSource dataSource, string schema)
    {
        var watch = Stopwatch.StartNew();
        while (Convert.ToInt64(await ScalarAsync(dataSource, $"SELECT count(*) FROM {schema}.mwf_outbox WHERE status = 0;"), CultureInfo.InvariantCulture) > 0 && watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(500);
        }
    }

    /// <summary>Spreads the instances over the hosts (one client each, round robin) and runs them all at once, each client at an equal share of <paramref name="rate"/> if it is above 0.</summary>
    private static async Task<Measurement> RunHostsAsync(NpgsqlDataSource dataSource, List<HostProcess> hosts, Guid[] instances, TimeSpan duration, int rate)
    {
        var wal = await WalPositionAsync(dataSource);
        var updates = await OutboxUpdatesAsync(dataSource);
        var database = ServerCpu.Read();
        var runs = hosts.Select((host, h) => host.RunAsync(duration, instances.Where((_, i) => i % hosts.Count == h).ToArray(), rate / (double)instances.Length)).ToArray();
        var results = await Task.WhenAll(runs);
        var commands = results.Sum(r => r.Commands);
        var elapsed = results.Max(r => r.Elapsed);
        var databaseCpu = ServerCpu.Read() - database;
        var (all, hot) = await OutboxUpdatesAsync(dataSource);
        return new Measurement(commands / elapsed.TotalSeconds, results.Sum(r => r.Cpu.TotalMicroseconds) / commands, databaseCpu.TotalMicroseconds / commands, (await WalPositionAsync(dataSource) - wal) / (double)commands)
        {
            Compiled = results.Max(r => r.Compiled),
            HotShare = all > updates.All ? (hot - updates.Hot) / (double)(all - updates.All) : double.NaN,
        };
    }

    private static async Task<Measurement> MeasureInProcessAsync(NpgsqlDataSource dataSource, int clients, TimeSpan duration, Func<int, Func<bool>, Task> client)
    {
        var wal = await WalPositionAsync(dataSource);
        var database = ServerCpu.Read();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (count, elapsed) = await RunClientsAsync(clients, duration, client);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var databaseCpu = ServerCpu.Read() - database;
        return new Measurement(count / elapsed.TotalSeconds, cpu.TotalMicroseconds / count, databaseCpu.TotalMicroseconds / count, (await WalPositionAsync(dataSource) - wal) / (double)count);
    }

    /// <summary>
    /// Reads how many rows of the hosts' outbox were updated so far, and how many of those as
    /// heap-only (HOT) updates. The server's statistics lag its backends by up to a second or so,
    /// which shifts both readings of a round alike.
    /// </summary>
    private static async Task<(long All, long Hot)> OutboxUpdatesAsync(NpgsqlDataSource dataSource)
    {
        var row = await RowAsync(dataSource, "SELECT coalesce(sum(n_tup_upd), 0)::bigint, coalesce(sum(n_tup_hot_upd), 0)::bigint FROM pg_stat_user_tables WHERE schemaname = 'bench_hosts' AND relname = 'mwf_outbox';");
        return (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The server's write-ahead log position in bytes: the difference between two readings is the WAL written in between.</summary>
    private static async Task<long> WalPositionAsync(NpgsqlDataSource dataSource)
        => Convert.ToInt64(await ScalarAsync(dataSource, "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint;"), CultureInfo.InvariantCulture);

    /// <summary>Runs the clients until the time is up; each counts one command per call of the stop check.</summary>
    private static async Task<(long Count, TimeSpan Elapsed)> RunClientsAsync(int clients, TimeSpan duration, Func<int, Func<bool>, Task> client)
    {
        long count = 0;
        var watch = Stopwatch.StartNew();
        bool Stop()
        {
            Interlocked.Increment(ref count);
            return watch.Elapsed >= duration;
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => client(i, Stop))));
        var elapsed = watch.Elapsed;

        // Each client's first call counts no command.
        return (Interlocked.Read(ref count) - clients, elapsed);
    }

    /// <summary>Flips one instance back and forth, paced by <see cref="ClientPace"/>.</summary>
    private static async Task EngineClientAsync(IProcessEngine engine, Guid id, Func<bool> stop, double perSecond = 0)
    {
        var state = (await engine.GetAsync(id)).State;
        var pace = new ClientPace(perSecond);
        while (!stop())
        {
            await pace.WaitAsync();
            state = (await engine.FireAsync(new ProcessCommand(id, state == "A" ? Flip : Flop, EngineBenchmarks.Marketer))).Instance.State;
        }
    }

    private static async Task<Guid[]> StartInstancesAsync(IProcessEngine engine, int count)
    {
        var data = JsonSerializer.SerializeToElement(new { owner = "ana", budget = new { amount = 25_000, currency = "EUR" } });
        var instances = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            instances[i] = (await engine.StartAsync("bench", data, EngineBenchmarks.Marketer)).Id;
        }

        return instances;
    }

    /// <summary>A host process of this program, driven through its standard input.</summary>
    private sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private HostProcess(Process process) => _process = process;

        public static async Task<HostProcess> StartAsync(string connection, string schema, string[] arguments)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("postgres-host");
            start.ArgumentList.Add(connection);
            start.ArgumentList.Add(schema);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var ready = await process.StandardOutput.ReadLineAsync();
            return ready == "ready" ? new HostProcess(process) : throw new InvalidOperationException($"The host process did not start: {ready}");
        }

        public async Task<(long Commands, TimeSpan Elapsed, TimeSpan Cpu, long Compiled)> RunAsync(TimeSpan duration, Guid[] instances, double perClient)
        {
            await _process.StandardInput.WriteLineAsync(FormattableString.Invariant($"run {duration.TotalSeconds} {string.Join(',', instances)} {perClient}"));
            await _process.StandardInput.FlushAsync();
            var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The host process ended.");
            var parts = line.Split(' ');
            return (long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(parts[2], CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(double.Parse(parts[3], CultureInfo.InvariantCulture)), long.Parse(parts[4], CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    /// <summary>Takes every event and does nothing with it, so the dispatcher claims and acknowledges each as in production.</summary>
    private sealed class DiscardingHandler : IProcessEventHandler
    {
        public Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record Measurement(double PerSecond, double ClientMicroseconds, double DatabaseMicroseconds, double WalBytes)
    {
        /// <summary>Gets the most methods one host process compiled during the run (hosts only).</summary>
        public long Compiled { get; init; }

        /// <summary>Gets the share of the outbox's row updates written as heap-only updates (hosts only).</summary>
        public double HotShare { get; init; } = double.NaN;
    }

    private static Measurement Median(List<Measurement> results) => results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);

    private static double MedianOf(List<Measurement> results, Func<Measurement, double> figure) => results.Select(figure).Order().ElementAt(results.Count / 2);

    private static string Spread(List<Measurement> results)
        => FormattableString.Invariant($"{results.Min(r => r.PerSecond):N0}–{results.Max(r => r.PerSecond):N0}");

    private static async Task PrintMachineAsync(string connection, int seconds, int rounds)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);

        // A server named by MWF_POSTGRES_CONNECTION may hold an earlier run's rows.
        await ExecuteAsync(dataSource, "DROP SCHEMA IF EXISTS bench_raw, bench_engine, bench_hosts CASCADE;");
        Console.WriteLine($"// {DateTime.UtcNow:yyyy-MM-dd} · {Environment.ProcessorCount} cores · .NET {Environment.Version} · {await ScalarAsync(dataSource, "SELECT version();")}");
        Console.WriteLine($"// fsync = {await ScalarAsync(dataSource, "SHOW fsync;")}, synchronous_commit = {await ScalarAsync(dataSource, "SHOW synchronous_commit;")}; {rounds} rounds of {seconds} s per figure (median, range in brackets)");
        var backend = Convert.ToInt32(await ScalarAsync(dataSource, "SELECT pg_backend_pid();"), CultureInfo.InvariantCulture);
        Console.WriteLine(ServerCpu.Find(backend) is { } postmaster
            ? $"// database CPU: the server's postmaster (process {postmaster}) and its children"
            : "// database CPU: the server is not on this machine; every PostgreSQL process here is counted");
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads the first row <paramref name="sql"/> returns, its values in column order.</summary>
    internal static async Task<object[]> RowAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return values;
    }

    /// <summary>Reads a whole-number command-line option (<c>--name N</c>), or the fallback.</summary>
    internal static int Option(string[] args, string name, int fallback)
        => Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Gets the value after <paramref name="name"/> on the command line, or <see langword="null"/>.</summary>
    internal static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
