using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Benchmarks.Soak;

/// <summary>
/// Drives <see cref="SoakTraffic"/>: a closed-loop burst that measures the host's capacity for
/// the mix, and the open-loop run at a fixed rate, whose latencies count from each request's
/// intended send time — a request the host keeps waiting does not delay the ones after it, and
/// the wait shows in its latency (no coordinated omission).
/// </summary>
internal static class SoakLoad
{
    /// <summary>Past this many requests in flight the host has fallen hopelessly behind and the run stops.</summary>
    public const int MaxInFlight = 20_000;

    /// <summary>
    /// Measures the host's capacity for the mix: <paramref name="clients"/> clients each sending the
    /// next request as soon as the last is answered, warmed up for a third of <paramref name="time"/>, then timed.
    /// </summary>
    /// <returns>Requests a second.</returns>
    public static async Task<double> MeasureCapacityAsync(SoakTraffic traffic, int clients, TimeSpan time, CancellationToken cancellationToken)
    {
        long completed = 0;
        var counting = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            while (!stop.IsCancellationRequested)
            {
                await traffic.SendAsync(traffic.Pick(random));
                if (Volatile.Read(ref counting))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        })).ToArray();

        await Task.Delay(time / 3, cancellationToken);
        Volatile.Write(ref counting, true);
        var watch = Stopwatch.StartNew();
        await Task.Delay(time, cancellationToken);
        var count = Interlocked.Read(ref completed);
        var elapsed = watch.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return count / elapsed.TotalSeconds;
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests a second for <paramref name="duration"/>, each at its
    /// own time from <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp) whatever the
    /// host's answers, records each latency from that time in <paramref name="recorder"/>, and
    /// returns once every request is answered.
    /// </summary>
    /// <exception cref="InvalidOperationException">More than <see cref="MaxInFlight"/> requests were waiting: the rate is far beyond the host.</exception>
    public static async Task RunOpenLoopAsync(SoakTraffic traffic, double rate, TimeSpan duration, long start, SoakRecorder recorder, CancellationToken cancellationToken)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var random = new Random(42);
        long sent = 0;
        var inFlight = 0;
        while (sent < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var intended = start + (long)(sent / rate * Stopwatch.Frequency);
                var kind = traffic.Pick(random);
                if (Interlocked.Increment(ref inFlight) > MaxInFlight)
                {
                    throw new InvalidOperationException($"{MaxInFlight:N0} requests were waiting for the host after {Stopwatch.GetElapsedTime(start).TotalSeconds:F0} s at {rate:F0}/s: it cannot keep up with that rate; give a lower --rate.");
                }

                // Sent from the thread pool, so that the schedule never waits for a request to go out.
                _ = Task.Run(async () =>
                {
                    try
                    {
                        // How late it goes out is the load's own delay (its loop, its thread pool,
                        // the cores it shares with the host), already part of the latency.
                        var lag = Stopwatch.GetElapsedTime(intended).TotalMilliseconds;
                        var (ok, _) = await traffic.SendAsync(kind);
                        recorder.Record(kind, Stopwatch.GetElapsedTime(intended).TotalMilliseconds, ok, lag);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }, CancellationToken.None);
            }

            await Task.Delay(1, CancellationToken.None);
        }

        // The last requests are waited for, so that the slowest of them count in the last window.
        var drain = Stopwatch.StartNew();
        while (Volatile.Read(ref inFlight) > 0 && drain.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
