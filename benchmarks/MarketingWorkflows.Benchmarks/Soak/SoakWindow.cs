using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>One sampled window of the soak: its requests and the host's and database's figures at its end.</summary>
/// <param name="Elapsed">Time since the load started, at the window's end.</param>
/// <param name="ByKind">The latencies of the requests answered in the window by kind of request, in ms from their intended send times.</param>
/// <param name="Failures">Requests answered with anything but 2xx, or not at all.</param>
/// <param name="ResidentBytes">The host's resident memory.</param>
/// <param name="GcHeapMegabytes">The lowest and highest readings of the host's GC heap (live objects and garbage not yet collected) in the window, or <see langword="null"/> when none arrived.</param>
/// <param name="GcCommittedMegabytes">The most memory the host's GC held committed from the system in the window (<c>gc-committed</c>), or <see langword="null"/> when none arrived.</param>
/// <param name="DatabaseBytes">The SQLite file, or the PostgreSQL database.</param>
/// <param name="WalBytes">The SQLite <c>-wal</c> file, or the server's <c>pg_wal</c> folder (-1: not readable).</param>
/// <param name="PendingEvents">The outbox backlog the host's <c>/readyz</c> shows (-1: not shown).</param>
/// <param name="IdempotencyRecords">The idempotency records the host's <c>/readyz</c> shows (-1: not shown).</param>
/// <param name="Campaigns">How many campaigns exist.</param>
/// <param name="GcPause">The time the GC paused the host in the window, in ms, and the longest of its one-second readings, or <see langword="null"/> when none arrived.</param>
/// <param name="FullCollections">The host's full (generation 2) collections in the window, or -1 when not read.</param>
/// <param name="Usage">What the host and the load used during the window: CPU time, and the host's bytes read and written.</param>
/// <param name="AllocatedBytes">The bytes the host allocated in the window, or -1 when not read.</param>
/// <param name="Connections">The connections open to the database at the window's end (PostgreSQL: the host's server processes), or -1 (SQLite).</param>
/// <param name="SendLags">How late after its intended time each request answered in the window went out, in ms: the load's own delay, part of its latency.</param>
internal sealed record SoakWindow(
    TimeSpan Elapsed,
    Dictionary<SoakTraffic.Kind, List<double>> ByKind,
    long Failures,
    long ResidentBytes,
    (double Low, double High)? GcHeapMegabytes,
    double? GcCommittedMegabytes,
    long DatabaseBytes,
    long WalBytes,
    long PendingEvents,
    long IdempotencyRecords,
    int Campaigns,
    (double Total, double Worst)? GcPause,
    int FullCollections,
    HostUsage Usage,
    double AllocatedBytes,
    int Connections,
    List<double> SendLags)
{
    /// <summary>Gets every latency of the window.</summary>
    public IEnumerable<double> Latencies => ByKind.Values.SelectMany(l => l);

    /// <summary>Gets how many requests were answered in the window.</summary>
    public int Requests => ByKind.Values.Sum(l => l.Count);

    /// <summary>Gets the host's CPU time per request answered in the window, in µs.</summary>
    public double CpuMicrosecondsPerRequest => Usage.HostCpu.TotalMicroseconds / Math.Max(1, Requests);

    /// <summary>
    /// Gets the load's CPU time per request answered in the window, in µs. Its work per request
    /// does not change over a run, so when it rises with the host's, the machine got slower
    /// (another tenant of the same cores), not the host dearer.
    /// </summary>
    public double LoadCpuMicrosecondsPerRequest => Usage.LoadCpu.TotalMicroseconds / Math.Max(1, Requests);

    /// <summary>Gets the bytes the host allocated per request answered in the window, in KB, or -1 when not read.</summary>
    public double AllocatedKilobytesPerRequest => AllocatedBytes < 0 ? -1 : AllocatedBytes / 1024 / Math.Max(1, Requests);

    /// <summary>Gets the share of the machine's cores the host and the load used together in a window of <paramref name="length"/>, from 0 to 1.</summary>
    public double CoresBusy(TimeSpan length) => (Usage.HostCpu + Usage.LoadCpu) / (length * Environment.ProcessorCount);

    /// <summary>Gets how many commands (state changes and new campaigns) were answered in the window.</summary>
    public int Commands => ByKind.Where(k => k.Key is SoakTraffic.Kind.StateChange or SoakTraffic.Kind.CreateCampaign).Sum(k => k.Value.Count);
}
