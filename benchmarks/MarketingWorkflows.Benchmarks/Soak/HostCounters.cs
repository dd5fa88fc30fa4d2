using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The host's runtime counters (<c>System.Runtime</c>, as <c>dotnet-counters</c> shows them), read
/// from another process through the runtime's diagnostics port: an EventPipe session that the
/// host's runtime sends its counters on every few seconds. Keeps the range of each between two readings.
/// </summary>
internal sealed class HostCounters : IDisposable
{
    /// <summary>The counter of the GC heap's size, in MB (<c>GC.GetTotalMemory(false)</c>: live objects and garbage not yet collected).</summary>
    public const string GcHeapSize = "gc-heap-size";

    /// <summary>The counter of the memory the GC has committed, in MB.</summary>
    public const string GcCommitted = "gc-committed";

    /// <summary>The counter of the time the GC paused the host's threads, in ms per reading.</summary>
    public const string GcPause = "total-pause-time-by-gc";

    /// <summary>The counter of full (generation 2) collections, per reading.</summary>
    public const string Gen2Collections = "gen-2-gc-count";

    /// <summary>The counter of the bytes the host allocated, per reading.</summary>
    public const string Allocated = "alloc-rate";

    private readonly Dictionary<string, (double Low, double High)> _range = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _sum = new(StringComparer.Ordinal);
    private readonly EventPipeSession? _session;
    private readonly Task _reading = Task.CompletedTask;

    /// <summary>Opens a session on process <paramref name="processId"/> with counters every <paramref name="intervalSeconds"/> seconds.</summary>
    public HostCounters(int processId, int intervalSeconds)
    {
        try
        {
            var arguments = new Dictionary<string, string>(StringComparer.Ordinal) { ["EventCounterIntervalSec"] = intervalSeconds.ToString(CultureInfo.InvariantCulture) };
            var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, arguments);
            _session = new DiagnosticsClient(processId).StartEventPipeSession([provider], requestRundown: false);
            _reading = Task.Run(() => Read(_session.EventStream));
        }
        catch (Exception e) when (e is ServerNotAvailableException or ServerErrorException or UnsupportedCommandException or IOException or TimeoutException)
        {
            Problem = $"the host's runtime counters could not be read ({e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>Gets why the counters are missing, or <see langword="null"/> while they arrive.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Takes the lowest and highest value of a counter since the last call (or since the session
    /// started), or <see langword="null"/> when none arrived meanwhile. The lowest GC heap
    /// reading of a window is close to what the collections before it left alive.
    /// </summary>
    public (double Low, double High)? TakeRange(string counter)
    {
        lock (_range)
        {
            return _range.Remove(counter, out var range) ? range : null;
        }
    }

    /// <summary>
    /// Takes the total of an incrementing counter (one that reports what happened between two
    /// readings) since the last call, or <see langword="null"/> when none arrived meanwhile.
    /// </summary>
    public double? TakeSum(string counter)
    {
        lock (_range)
        {
            return _sum.Remove(counter, out var sum) ? sum : null;
        }
    }

    /// <summary>Ends the session.</summary>
    public void Dispose()
    {
        if (_session is null)
        {
            return;
        }

        try
        {
            _session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or ServerErrorException or IOException or TimeoutException)
        {
            // The host is gone already, which ends the session as well.
        }

        _reading.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
    }

    private void Read(Stream stream)
    {
        try
        {
            using var source = new EventPipeEventSource(stream);
            source.Dynamic.All += data =>
            {
                if (data.EventName != "EventCounters"
                    || data.PayloadValue(0) is not IDictionary<string, object> outer
                    || !outer.TryGetValue("Payload", out var inner)
                    || inner is not IDictionary<string, object> fields
                    || !fields.TryGetValue("Name", out var name))
                {
                    return;
                }

                // A polling counter reports its value as Mean; an incrementing one as Increment.
                var incrementing = fields.TryGetValue("Increment", out var increment);
                var value = fields.TryGetValue("Mean", out var mean) ? mean : incrementing ? increment : null;
                if (value is not null)
                {
                    var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    lock (_range)
                    {
                        _range[(string)name] = _range.TryGetValue((string)name, out var range)
                            ? (Math.Min(range.Low, number), Math.Max(range.High, number))
                            : (number, number);
                        if (incrementing)
                        {
                            _sum[(string)name] = _sum.GetValueOrDefault((string)name) + number;
                        }
                    }
                }
            };
            source.Process();
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or InvalidOperationException)
        {
            Problem ??= $"the host's runtime counters stopped ({e.GetType().Name}: {e.Message})";
        }
    }
}
