using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The soak run (<c>soak</c>): the sample host in Release on a fresh SQLite file or PostgreSQL
/// database, with short retention so that it applies within the run and the rate limiter out of
/// reach, under a fixed-rate open-loop mix of reads and state changes for a set time — half its
/// measured capacity unless <c>--rate</c> says otherwise — with a row every window (latency,
/// memory, database size, outbox backlog, idempotency records) and verdicts comparing the last
/// third of the run with the first.
/// </summary>
internal static class SoakRun
{
    private const int CalibrationClients = 32;

    /// <summary>Runs the soak; returns 0, 1 when stopped before the load started, or 2 when the options are wrong.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        SoakOptions options;
        try
        {
            options = SoakOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        void Stop(object? sender, ConsoleCancelEventArgs e)
        {
            // Ctrl+C ends the load and prints what was measured; the host and database are still cleaned up.
            e.Cancel = true;
            cancel.Cancel();
        }

        Console.CancelKeyPress += Stop;

        var root = FindRoot();
        var work = Directory.CreateTempSubdirectory("mwf-soak-").FullName;
        try
        {
            Console.WriteLine($"// building the sample host (Release){(options.NoBuild ? ": skipped (--no-build)" : "")}");
            var assembly = await SoakHost.BuildAsync(root, options.NoBuild);
            await using var database = options.Store == "sqlite" ? SoakDatabase.Sqlite(work) : await SoakDatabase.PostgresAsync(options.PoolSize);
            await using var host = await SoakHost.StartAsync(assembly, Path.Combine(root, "samples", "MarketingWorkflows.Api"), HostSettings(options, database, work), Path.Combine(work, "host.log"));
            using var counters = new HostCounters(host.ProcessId, intervalSeconds: 1);
            using var traffic = new SoakTraffic(host.Address, options.Steady);
            await traffic.SignInAsync();

            Console.WriteLine($"// {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · .NET {Environment.Version} · load, host and database on this machine");
            Console.WriteLine($"// store: {database.Description}");
            Console.WriteLine(Invariant($"// retention: idempotency records and delivered events kept {options.Retention.TotalMinutes:0.#} min, removed every {options.RetentionInterval.TotalSeconds:0} s; rate limiter out of reach"));
            Console.WriteLine($"// mix: {traffic.DescribeMix()}; one marketer; each state change on a campaign with no other command in flight");

            var watch = Stopwatch.StartNew();
            await traffic.PrepareAsync(options.Campaigns, parallel: 8);
            Console.WriteLine(Invariant($"// prepared {options.Campaigns:N0} campaigns in draft in {watch.Elapsed.TotalSeconds:F0} s"));

            // Measured with --rate too: the closed loop also warms the host's code and lets the
            // database settle after the campaigns were prepared (a PostgreSQL run started cold at
            // its rate answered its first 30 s in seconds while its statistics caught up).
            var capacity = await SoakLoad.MeasureCapacityAsync(traffic, CalibrationClients, options.CalibrationTime, cancel.Token);
            var rate = options.Rate ?? Math.Max(1, Math.Round(capacity / 2));
            Console.WriteLine(Invariant($"// capacity for the mix: {capacity:N0} requests/s ({CalibrationClients} clients in a closed loop, {options.CalibrationTime.TotalSeconds:0} s after {options.CalibrationTime.TotalSeconds / 3:0} s of warm-up); soak rate {(options.Rate is null ? "half of it" : "(--rate)")}: {rate:N0}/s"));
            await WaitForBacklogAsync(host, cancel.Token);

            Console.WriteLine(Invariant($"// {options.Minutes:0.#} min at {rate:N0}/s after {options.WarmUp.TotalSeconds:0} s of warm-up at that rate, open loop (latency from each request's intended send time), a row every {options.Window.TotalSeconds:0} s"));
            if (counters.Problem is { } problem)
            {
                Console.WriteLine($"// GC heap: {problem}");
            }

            // The load runs at its rate for the warm-up first, unrecorded: the windows begin with the host already at that rate.
            var recorder = new SoakRecorder();
            var duration = TimeSpan.FromMinutes(options.Minutes);
            var loadStart = Stopwatch.GetTimestamp();
            var load = SoakLoad.RunOpenLoopAsync(traffic, rate, options.WarmUp + duration, loadStart, recorder, cancel.Token);
            await Task.WhenAny(load, Task.Delay(options.WarmUp, CancellationToken.None));
            recorder.Take();
            traffic.ForgetAnswers();
            var start = loadStart + (long)(options.WarmUp.TotalSeconds * Stopwatch.Frequency);
            var report = new SoakReport(database.SizeNames, (await database.ReadSizesAsync()).Database);
            var usage = HostUsage.Read(host.ProcessId);
            Console.WriteLine();
            Console.WriteLine(report.Header);
            var windows = (int)Math.Ceiling(duration / options.Window);
            for (var w = 1; w <= windows; w++)
            {
                if (w < windows)
                {
                    var wait = options.Window * w - Stopwatch.GetElapsedTime(start);
                    await Task.WhenAny(load, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, CancellationToken.None));
                }
                else
                {
                    // The last window takes in every request answered after the load stopped sending.
                    await Task.WhenAny(load);
                }

                var stopped = w < windows && load.IsCompleted;
                var elapsed = w == windows || stopped ? Stopwatch.GetElapsedTime(start) : options.Window * w;
                var now = HostUsage.Read(host.ProcessId);
                Console.WriteLine(report.Add(await SampleAsync(elapsed, recorder, host, counters, database, traffic, now.Since(usage))));
                usage = now;
                if (stopped)
                {
                    break;
                }
            }

            try
            {
                await load;
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"// the load stopped early: {e.Message}");
            }

            if (cancel.IsCancellationRequested)
            {
                Console.WriteLine("// stopped early by Ctrl+C");
            }

            Console.WriteLine();
            foreach (var line in report.Summary())
            {
                Console.WriteLine(line);
            }


            Console.WriteLine();
            Console.WriteLine("Answers (a 409 or 422 here would be a driver error: every command is a valid transition with a new key):");
            foreach (var (answer, count) in traffic.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                Console.WriteLine(Invariant($"  {answer}: {count:N0}"));
            }

            if (counters.Problem is { } late)
            {
                Console.WriteLine($"// GC heap: {late}");
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.WriteLine("// stopped by Ctrl+C before the load started");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= Stop;
            if (options.Keep)
            {
                Console.WriteLine($"// kept: {work} (host.log, the SQLite file)");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> HostSettings(SoakOptions options, SoakDatabase database, string work)
    {
        var settings = new Dictionary<string, string>(database.HostSettings, StringComparer.Ordinal)
        {
            // Development: the demo sign-in issues the marketer's token, as in the load run.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Api__ProcessesFolder"] = Path.Combine(work, "processes"),
            ["Api__RequestsPerMinutePerUser"] = "1000000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["MarketingWorkflows__IdempotencyRetention"] = options.Retention.ToString("c", CultureInfo.InvariantCulture),
            ["MarketingWorkflows__DeliveredEventRetention"] = options.Retention.ToString("c", CultureInfo.InvariantCulture),
            ["MarketingWorkflows__RetentionInterval"] = options.RetentionInterval.ToString("c", CultureInfo.InvariantCulture),
        };
        return settings;
    }

    private static async Task<SoakWindow> SampleAsync(TimeSpan elapsed, SoakRecorder recorder, SoakHost host, HostCounters counters, SoakDatabase database, SoakTraffic traffic, HostUsage usage)
    {
        var (latencies, sendLags, failures) = recorder.Take();
        var resident = host.ReadResidentBytes();
        var heap = counters.TakeRange(HostCounters.GcHeapSize);
        var committed = counters.TakeRange(HostCounters.GcCommitted)?.High;
        var pause = counters.TakeSum(HostCounters.GcPause) is { } paused ? (paused, counters.TakeRange(HostCounters.GcPause)?.High ?? 0) : ((double, double)?)null;
        var full = counters.TakeSum(HostCounters.Gen2Collections) is { } collections ? (int)collections : -1;
        var (databaseBytes, walBytes) = await database.ReadSizesAsync();
        var allocated = counters.TakeSum(HostCounters.Allocated) ?? -1;
        var connections = await database.ReadConnectionsAsync();
        var (pending, idempotency, _) = await host.ReadBacklogAsync(CancellationToken.None);
        return new SoakWindow(elapsed, latencies, failures, resident, heap, committed, databaseBytes, walBytes, pending, idempotency, traffic.Campaigns, pause, full, usage, allocated, connections, sendLags);
    }

    // The burst leaves events to deliver; the soak starts once the dispatcher has caught up, or after a minute.
    private static async Task WaitForBacklogAsync(SoakHost host, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        long pending;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            (pending, _, _) = await host.ReadBacklogAsync(cancellationToken);
        }
        while (pending > 0 && watch.Elapsed < TimeSpan.FromMinutes(1));
        Console.WriteLine(Invariant($"// after the burst: outbox backlog {pending:N0} after {watch.Elapsed.TotalSeconds:F0} s"));
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MarketingWorkflows.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
