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
    private long _commands;

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
            if (kind is SoakTraffic.Kind.StateChange or SoakTraffic.Kind.CreateCampaign)
            {
                _commands++;
            }

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

    /// <summary>Takes the window's latencies, failures and commands (state changes and new campaigns), and starts the next window.</summary>
    public (List<double> Latencies, long Failures, long Commands) Take()
    {
        lock (_sync)
        {
            var taken = (_latencies, _failures, _commands);
            _latencies = [];
            _failures = 0;
            _commands = 0;
            return taken;
        }
    }

    /// <summary>Forgets everything recorded so far (the warm-up's requests).</summary>
    public void Forget()
    {
        lock (_sync)
        {
            Take();
            _byKind.Clear();
        }
    }
}
