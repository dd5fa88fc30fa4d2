using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>The soak's table, one row a window, and its verdicts, comparing the first third of the windows with the last.</summary>
internal sealed class SoakReport((string Database, string Wal) sizeNames, long startDatabaseBytes)
{
    /// <summary>The target for the p99 latency of the last third against the first's.</summary>
    public const double P99Target = 1.2;

    /// <summary>Memory is flat when the last third's mean is at most this many times the first third's...</summary>
    public const double MemoryFlat = 1.10;

    /// <summary>... or at most this many MB above it: a few MB on a small heap are noise, not a trend.</summary>
    public const double MemorySlackMegabytes = 8;

    /// <summary>The database is flat when it grows by less than this share over the last third.</summary>
    public const double FileFlat = 0.05;

    private const double Megabyte = 1024 * 1024;

    private readonly List<SoakWindow> _windows = [];

    /// <summary>Gets the table's header (two lines of Markdown).</summary>
    public string Header
        => $"| elapsed | requests done | per s in window | failed | p50 ms | p99 ms | host memory MB (RssAnon) | GC heap MB, low–high | GC committed MB | {sizeNames.Database} MB | {sizeNames.Wal} MB | outbox backlog | idempotency rows | campaigns | CPU µs per request, host and load | host KB read, written per request | cores busy (host and load) | GC pauses ms, longest second's | full GCs | host KB allocated per request | database connections | the load's send lag p99 ms, GC pauses ms |\n"
         + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    /// <summary>Adds a window and returns its row.</summary>
    public string Add(SoakWindow sample)
    {
        _windows.Add(sample);
        return Row(_windows.Count - 1);
    }

    /// <summary>Writes the whole table, then the verdicts.</summary>
    public IEnumerable<string> Summary()
    {
        yield return Header;
        for (var i = 0; i < _windows.Count; i++)
        {
            yield return Row(i);
        }

        if (_windows.Count < 3)
        {
            yield return "";
            yield return $"Fewer than three windows ({_windows.Count}): no verdicts.";
            yield break;
        }

        var third = _windows.Count / 3;
        var first = _windows.Take(third).ToList();
        var last = _windows.Skip(_windows.Count - third).ToList();
        yield return "";
        yield return Invariant($"Thirds: the first {third} window{(third == 1 ? "" : "s")} (to {first[^1].Elapsed.TotalSeconds:F0} s) against the last {third} (from {_windows[_windows.Count - third - 1].Elapsed.TotalSeconds:F0} s).");

        var p99First = Percentile(first.SelectMany(w => w.Latencies).ToList(), 0.99);
        var p99Last = Percentile(last.SelectMany(w => w.Latencies).ToList(), 0.99);
        var ratio = p99Last / p99First;
        yield return Invariant($"p99, all requests of each third: first {p99First:F1} ms, last {p99Last:F1} ms, last / first {ratio:F2} (target at most {P99Target:F1}): {(ratio <= P99Target ? "met" : "NOT met")}.");

        // At a fixed rate, latency grows with how busy the cores are: what each request costs the host, and the load beside it.
        yield return Invariant($"Host CPU per request, each third's: first {Cpu(first):F0} µs, last {Cpu(last):F0} µs, last / first {Cpu(last) / Cpu(first):F2}; the load's CPU per request {Load(first):F0} → {Load(last):F0} µs; host bytes read per request {PerRequest(first, w => w.Usage.ReadBytes) / 1024:F1} → {PerRequest(last, w => w.Usage.ReadBytes) / 1024:F1} KB, written {PerRequest(first, w => w.Usage.WrittenBytes) / 1024:F1} → {PerRequest(last, w => w.Usage.WrittenBytes) / 1024:F1} KB.");

        // The load shares the cores: what it sent late, the host never saw late, yet it counts in the latency.
        yield return Invariant($"The load's own delay: requests sent late by p99 {Percentile(first.SelectMany(w => w.SendLags).ToList(), 0.99):F1} ms in the first third, {Percentile(last.SelectMany(w => w.SendLags).ToList(), 0.99):F1} ms in the last; its GC paused it {first.Sum(w => w.Usage.LoadGcPause.TotalMilliseconds):F0} and {last.Sum(w => w.Usage.LoadGcPause.TotalMilliseconds):F0} ms.");
        if (first.Concat(last).All(w => w.GcPause is not null))
        {
            yield return Invariant($"GC pauses, each third's: first {first.Sum(w => w.GcPause!.Value.Total):F0} ms (longest second {first.Max(w => w.GcPause!.Value.Worst):F0} ms, {first.Sum(w => Math.Max(0, w.FullCollections))} full collections), last {last.Sum(w => w.GcPause!.Value.Total):F0} ms (longest second {last.Max(w => w.GcPause!.Value.Worst):F0} ms, {last.Sum(w => Math.Max(0, w.FullCollections))} full collections).");
        }

        if (first.Concat(last).All(w => w.AllocatedBytes >= 0))
        {
            yield return Invariant($"Host allocation per request, each third's: first {PerRequest(first, w => (long)w.AllocatedBytes) / 1024:F1} KB, last {PerRequest(last, w => (long)w.AllocatedBytes) / 1024:F1} KB.");
        }

        if (_windows.All(w => w.Connections >= 0))
        {
            yield return Invariant($"Database connections: first third at most {first.Max(w => w.Connections)}, last third {last.Min(w => w.Connections)}–{last.Max(w => w.Connections)}, at most {_windows.Max(w => w.Connections)} (at {_windows.MaxBy(w => w.Connections)!.Elapsed:m\\:ss}).");
        }

        var rssFirst = first.Average(w => w.ResidentBytes) / Megabyte;
        var rssLast = last.Average(w => w.ResidentBytes) / Megabyte;
        yield return Flatness("Host memory (RssAnon, without mapped files), mean of each third", rssFirst, rssLast);

        // A host's memory rises while its runtime warms up (compiled code, the GC's budgets, pools
        // filling), which can outlast the first third of a short run. Growth that goes on shows
        // from the middle third to the last as well; memory that levelled off does not.
        var middle = _windows.Skip(third).Take(_windows.Count - (2 * third)).ToList();
        var rssMiddle = middle.Average(w => w.ResidentBytes) / Megabyte;
        yield return Flatness("  The same from the middle third to the last (did it level off?)", rssMiddle, rssLast, "middle");
        yield return Invariant($"  Highest reading of each third: {first.Max(w => w.ResidentBytes) / Megabyte:F0}, {middle.Max(w => w.ResidentBytes) / Megabyte:F0}, {last.Max(w => w.ResidentBytes) / Megabyte:F0} MB.");
        if (first.Concat(last).All(w => w.GcHeapMegabytes is not null))
        {
            yield return Flatness("GC heap, mean of each window's lowest reading", first.Average(w => w.GcHeapMegabytes!.Value.Low), last.Average(w => w.GcHeapMegabytes!.Value.Low));
        }
        else
        {
            yield return "GC heap: not read in every window (see the counters' message above); no verdict.";
        }

        // What the GC holds from the system is part of RssAnon; the rest is native (SQLite's and
        // the runtime's own allocations, thread stacks, compiled code).
        if (first.Concat(last).All(w => w.GcCommittedMegabytes is not null))
        {
            yield return Flatness("GC committed, mean of each window's highest reading", first.Average(w => w.GcCommittedMegabytes!.Value), last.Average(w => w.GcCommittedMegabytes!.Value));
        }

        // The size at the end of the window before the last third is where the last third starts.
        var before = _windows[_windows.Count - third - 1];
        var end = last[^1];
        var growth = (end.DatabaseBytes - before.DatabaseBytes) / (double)before.DatabaseBytes;
        var minutes = (end.Elapsed - before.Elapsed).TotalMinutes;
        var firstMinutes = first[^1].Elapsed.TotalMinutes;
        var firstGrowth = first[^1].DatabaseBytes - startDatabaseBytes;
        var lastGrowth = end.DatabaseBytes - before.DatabaseBytes;
        yield return Invariant($"{Capital(sizeNames.Database)} over the last third: {before.DatabaseBytes / Megabyte:F1} → {end.DatabaseBytes / Megabyte:F1} MB, {growth:+0.0%;-0.0%} (flat: under {FileFlat:P0}): {(growth < FileFlat ? "flat" : "NOT flat")}.");
        yield return Invariant($"  Growth in the first third {firstGrowth / Megabyte / firstMinutes:F2} MB/min, {firstGrowth / (double)Math.Max(1, first.Sum(w => w.Commands)):N0} bytes per command; in the last third {lastGrowth / Megabyte / minutes:F2} MB/min, {lastGrowth / (double)Math.Max(1, last.Sum(w => w.Commands)):N0} bytes per command (commands: state changes and new campaigns).");
        yield return Invariant($"{sizeNames.Wal}: at most {_windows.Max(w => w.WalBytes) / Megabyte:F1} MB, last {end.WalBytes / Megabyte:F1} MB; outbox backlog at most {_windows.Max(w => w.PendingEvents):N0}, last {end.PendingEvents:N0}; idempotency rows at most {_windows.Max(w => w.IdempotencyRecords):N0}, last {end.IdempotencyRecords:N0}.");
        var requests = _windows.Sum(w => w.Requests);
        var failures = _windows.Sum(w => w.Failures);
        yield return Invariant($"Requests: {requests:N0}, of which failed (not 2xx, or no answer): {failures:N0} ({(double)failures / Math.Max(1, requests):P2}).");
        yield return "";
        foreach (var line in ByKind(first, last))
        {
            yield return line;
        }
    }

    /// <summary>Writes the latency of each kind of request over the whole run, with its p99 in the first and last third.</summary>
    private IEnumerable<string> ByKind(List<SoakWindow> first, List<SoakWindow> last)
    {
        static List<double> Of(IEnumerable<SoakWindow> windows, SoakTraffic.Kind kind)
            => windows.SelectMany(w => w.ByKind.TryGetValue(kind, out var values) ? values : []).ToList();

        yield return "| request | answered | p50 ms | p99 ms | slowest ms | p99 first third | p99 last third |";
        yield return "|---|---:|---:|---:|---:|---:|---:|";
        foreach (var kind in Enum.GetValues<SoakTraffic.Kind>())
        {
            var all = Of(_windows, kind);
            if (all.Count > 0)
            {
                yield return Invariant($"| {SoakTraffic.Describe(kind)} | {all.Count:N0} | {Percentile(all, 0.5):F1} | {Percentile(all, 0.99):F1} | {all.Max():F1} | {Percentile(Of(first, kind), 0.99):F1} | {Percentile(Of(last, kind), 0.99):F1} |");
            }
        }
    }

    /// <summary>The value at <paramref name="quantile"/> (nearest rank), or 0 for no values.</summary>
    public static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(quantile * values.Count) - 1, 0, values.Count - 1)];
    }

    private string Row(int index)
    {
        var w = _windows[index];
        var latencies = w.Latencies.ToList();
        var total = _windows.Take(index + 1).Sum(x => x.Requests);
        var length = w.Elapsed - (index == 0 ? TimeSpan.Zero : _windows[index - 1].Elapsed);
        return Invariant($"| {w.Elapsed:m\\:ss} | {total:N0} | {latencies.Count / length.TotalSeconds:N0} | {w.Failures:N0} | {Percentile(latencies, 0.5):F1} | {Percentile(latencies, 0.99):F1} | {w.ResidentBytes / Megabyte:F0} | {(w.GcHeapMegabytes is { } heap ? Invariant($"{heap.Low:F0}–{heap.High:F0}") : "n/a")} | {(w.GcCommittedMegabytes is { } committed ? Invariant($"{committed:F0}") : "n/a")} | {w.DatabaseBytes / Megabyte:F1} | {(w.WalBytes < 0 ? "n/a" : (w.WalBytes / Megabyte).ToString("F1", CultureInfo.InvariantCulture))} | {Count(w.PendingEvents)} | {Count(w.IdempotencyRecords)} | {w.Campaigns:N0} | {w.CpuMicrosecondsPerRequest:F0}, {w.LoadCpuMicrosecondsPerRequest:F0} | {w.Usage.ReadBytes / 1024.0 / Math.Max(1, w.Requests):F1}, {w.Usage.WrittenBytes / 1024.0 / Math.Max(1, w.Requests):F1} | {w.CoresBusy(length):P0} | {(w.GcPause is { } pause ? Invariant($"{pause.Total:F0}, {pause.Worst:F0}") : "n/a")} | {(w.FullCollections < 0 ? "n/a" : w.FullCollections.ToString(CultureInfo.InvariantCulture))} | {(w.AllocatedBytes < 0 ? "n/a" : w.AllocatedKilobytesPerRequest.ToString("F1", CultureInfo.InvariantCulture))} | {Count(w.Connections)} | {Percentile(w.SendLags, 0.99):F1}, {w.Usage.LoadGcPause.TotalMilliseconds:F0} |");
    }

    private static double Cpu(List<SoakWindow> windows) => windows.Sum(w => w.Usage.HostCpu.TotalMicroseconds) / Math.Max(1, windows.Sum(w => w.Requests));

    private static double Load(List<SoakWindow> windows) => windows.Sum(w => w.Usage.LoadCpu.TotalMicroseconds) / Math.Max(1, windows.Sum(w => w.Requests));

    private static double PerRequest(List<SoakWindow> windows, Func<SoakWindow, long> bytes) => (double)windows.Sum(bytes) / Math.Max(1, windows.Sum(w => w.Requests));

    private static string Flatness(string what, double first, double last, string firstName = "first")
    {
        var flat = last <= first * MemoryFlat || last - first <= MemorySlackMegabytes;
        return Invariant($"{what}: {firstName} {first:F0} MB, last {last:F0} MB, last / {firstName} {last / first:F2} (flat: at most {MemoryFlat:F2}, or at most {MemorySlackMegabytes:F0} MB more): {(flat ? "flat" : "NOT flat")}.");
    }

    private static string Capital(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);

    private static string Count(long value) => value < 0 ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
