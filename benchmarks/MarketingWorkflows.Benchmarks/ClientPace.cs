using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Paces one load client: as fast as it can, or a given number of commands a second, starting at
/// a random point of its first interval so that clients do not fire in step.
/// </summary>
/// <param name="perSecond">Commands a second; 0 or less for no pacing.</param>
internal sealed class ClientPace(double perSecond)
{
    private readonly TimeSpan _interval = perSecond > 0 ? TimeSpan.FromSeconds(1 / perSecond) : TimeSpan.Zero;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private TimeSpan _due = perSecond > 0 ? TimeSpan.FromSeconds(Random.Shared.NextDouble() / perSecond) : TimeSpan.Zero;

    /// <summary>Waits until the next command is due, and counts it as sent.</summary>
    public async Task WaitAsync()
    {
        if (_due - _watch.Elapsed is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait);
        }

        _due += _interval;
    }
}
