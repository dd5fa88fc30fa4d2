using System.Collections.Generic;
using System.Threading;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>The latencies and failures of the requests answered since the last window was taken.</summary>
internal sealed class SoakRecorder
{
    private readonly Lock _sync = new();
    private List<double> _latencies = [];
    private long _failures;

    /// <summary>Records one answered request.</summary>
    public void Record(double milliseconds, bool ok)
    {
        lock (_sync)
        {
            _latencies.Add(milliseconds);
            if (!ok)
            {
                _failures++;
            }
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
