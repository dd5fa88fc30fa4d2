using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// The latencies and failures of the requests answered since the last window was taken, and
/// every latency of the run by kind of request.
/// </summary>
internal sealed class SoakRecorder
{
    private readonly Lock _sync = new();
    private readonly Dictionary<SoakTraffic.Kind, List<double>> _byKind = [];
    private List<double> _latencies = [];
    private long _failures;

    /// <summary>Records one answered request.</summary>
    public void Record(SoakTraffic.Kind kind, double milliseconds, bool ok)
    {
        lock (_sync)
        {
            _latencies.Add(milliseconds);
            if (!_byKind.TryGetValue(kind, out var latencies))
            {
                _byKind[kind] = latencies = [];
            }

            latencies.Add(milliseconds);
            if (!ok)
            {
                _failures++;
            }
        }
    }

    /// <summary>Gets every latency of the run so far by kind of request.</summary>
    public Dictionary<SoakTraffic.Kind, List<double>> ByKind()
    {
        lock (_sync)
        {
            return _byKind.ToDictionary(k => k.Key, k => k.Value.ToList());
        }
    }

    /// <summary>Takes the window's latencies and failures and starts the next window.</summary>
    public (List<double> Latencies, long Failures) Take()
    {
        lock (_sync)
        {
            var taken = (_latencies, _failures);
            _latencies = [];
            _failures = 0;
            return taken;
        }
    }
}
