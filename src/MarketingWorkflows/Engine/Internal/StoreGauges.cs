using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// The store's backlog and sizes as observable gauges on the engine's meter, read from the
/// store's <see cref="IStoreStatistics"/>. A collection never waits for the store: it reports
/// the last figures read, and when they are older than <see cref="MaxAge"/> starts one read in
/// the background for the next collection. Without statistics from the store, the gauges report
/// nothing.
/// </summary>
internal sealed class StoreGauges : IDisposable
{
    /// <summary>How old the figures may be before a collection asks the store again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly IStoreStatistics? _statistics;
    private readonly TimeProvider _time;
    private readonly Meter? _meter;
    private readonly Meter? _ownedMeter;
    private readonly Lock _sync = new();
    private StoreStatistics? _last;
    private long _readAt;
    private Task? _reading;

    public StoreGauges(IStoreStatistics? statistics, TimeProvider time, IMeterFactory? meterFactory)
    {
        _statistics = statistics;
        _time = time;
        if (statistics is null)
        {
            return;
        }

        // The factory's meter is shared with the engine's instruments, and the factory disposes it.
        _meter = meterFactory?.Create(EngineTelemetry.Name);
        if (_meter is null)
        {
            _meter = new Meter(EngineTelemetry.Name);
            _ownedMeter = _meter;
        }

        _meter.CreateObservableGauge("marketingworkflows.outbox.pending", () => Observe(s => s.PendingEvents), "{event}", "Events waiting to be delivered, retries included.");
        _meter.CreateObservableGauge("marketingworkflows.outbox.oldest_pending_age", () => Observe(OldestPendingAge), "s", "How long ago the oldest pending event's command committed; 0 when none is pending.");
        _meter.CreateObservableGauge("marketingworkflows.outbox.dead_lettered", () => Observe(s => s.DeadLetteredEvents), "{event}", "Events given up on, waiting to be replayed.");
        _meter.CreateObservableGauge("marketingworkflows.idempotency.records", () => Observe(s => s.IdempotencyRecords), "{record}", "Idempotency records held by the store.");
    }

    /// <summary>Gets the figures read last, or <see langword="null"/> before the first read.</summary>
    public StoreStatistics? Last
    {
        get
        {
            lock (_sync)
            {
                return _last;
            }
        }
    }

    /// <summary>Reads the figures from the store now, and keeps them for the gauges.</summary>
    public async Task<StoreStatistics?> RefreshAsync(CancellationToken cancellationToken)
    {
        if (_statistics is null)
        {
            return null;
        }

        var read = await _statistics.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _last = read;
            _readAt = _time.GetTimestamp();
        }

        return read;
    }

    public void Dispose() => _ownedMeter?.Dispose();

    private double OldestPendingAge(StoreStatistics statistics)
        => statistics.OldestPendingAt is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest).TotalSeconds) : 0;

    private IEnumerable<Measurement<double>> Observe(Func<StoreStatistics, double> figure)
    {
        StoreStatistics? last;
        lock (_sync)
        {
            last = _last;
            if ((last is null || _time.GetElapsedTime(_readAt) >= MaxAge) && _reading is not { IsCompleted: false })
            {
                _reading = ReadQuietlyAsync();
            }
        }

        return last is null ? [] : [new Measurement<double>(figure(last))];
    }

    private IEnumerable<Measurement<long>> Observe(Func<StoreStatistics, long> figure)
    {
        foreach (var measurement in Observe(s => (double)figure(s)))
        {
            yield return new Measurement<long>((long)measurement.Value);
        }
    }

    private async Task ReadQuietlyAsync()
    {
        try
        {
            await Task.Yield();
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The store is unavailable: the gauges keep the last figures, and the next collection tries again.
        }
    }
}
