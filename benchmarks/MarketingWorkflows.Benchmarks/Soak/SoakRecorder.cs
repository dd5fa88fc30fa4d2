using System.Collections.Generic;
using System.Threading;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>The latencies (by kind of request), send lags and failures of the requests answered since the last window was taken.</summary>
internal sealed class SoakRecorder
{
    private readonly Lock _sync = new();
    private Dictionary<SoakTraffic.Kind, List<double>> _latencies = [];
    private List<double> _sendLags = [];
    private long _failures;

    /// <summary>Records one answered request, and how late after its intended time it went out (<paramref name="sendLagMilliseconds"/>).</summary>
    public void Record(SoakTraffic.Kind kind, double milliseconds, bool ok, double sendLagMilliseconds)
    {
        lock (_sync)
        {
            _sendLags.Add(sendLagMilliseconds);
            if (!_latencies.TryGetValue(kind, out var latencies))
            {
                _latencies[kind] = latencies = [];
            }

            latencies.Add(milliseconds);
            if (!ok)
            {
                _failures++;
            }
        }
    }

    /// <summary>Takes the window's latencies by kind of request, its send lags and its failures, and starts the next window.</summary>
    public (Dictionary<SoakTraffic.Kind, List<double>> Latencies, List<double> SendLags, long Failures) Take()
    {
        lock (_sync)
        {
            var taken = (_latencies, _sendLags, _failures);
            _latencies = [];
            _sendLags = [];
            _failures = 0;
            return taken;
        }
    }
}
