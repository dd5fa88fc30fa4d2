using System.Text.Json;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Ready when a write to the store commits (<see cref="IStoreProbe"/>, when the store offers one)
/// or else when it answers a read. The probe runs at most once a second, whatever the number of
/// readiness requests; its result is shared meanwhile. Unready says why: <c>storage-full</c> or
/// <c>storage-unavailable</c>, with the store's message; ready again by itself once the probe
/// passes. The details also show the outbox backlog and the idempotency records
/// (<see cref="IStoreStatistics"/>, when the store offers it), read at most every
/// <see cref="StatisticsInterval"/>; they never decide readiness.
/// </summary>
internal sealed class StoreHealthCheck(IProcessStore store, IServiceProvider services) : IHealthCheck
{
    /// <summary>The longest a probe's result is reused.</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>The longest the backlog and sizes shown are reused.</summary>
    internal static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(5);

    private readonly IStoreProbe? _probe = services.GetService<IStoreProbe>();
    private readonly IStoreStatistics? _statistics = services.GetService<IStoreStatistics>();
    private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly Lock _sync = new();
    private Task<HealthCheckResult>? _current;
    private long _startedAt;
    private StoreStatistics? _lastStatistics;
    private long _statisticsReadAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> current;
        lock (_sync)
        {
            if (_current is null || (_current.IsCompleted && _time.GetElapsedTime(_startedAt) >= ProbeInterval))
            {
                // Not the caller's token: the probe is shared, and one caller leaving must not fail the others.
                _current = CheckAsync(CancellationToken.None);
                _startedAt = _time.GetTimestamp();
            }

            current = _current;
        }

        return current.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var what = _probe is null ? "read" : "write";
        try
        {
            if (_probe is not null)
            {
                await _probe.ProbeWriteAsync(cancellationToken);
            }
            else
            {
                await store.GetAsync(Guid.Empty, cancellationToken);
            }

            var data = Reason(what, null);
            await AddStatisticsAsync(data, cancellationToken);
            return HealthCheckResult.Healthy($"A {what} to the store succeeded.", data);
        }
        catch (StoreFullException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex, Reason(what, ApiProblemCodes.StorageFull));
        }
        catch (StoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex, Reason(what, ApiProblemCodes.StorageUnavailable));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The store failed a {what}: {ex.Message}", ex, Reason(what, "store-failed"));
        }
    }

    /// <summary>Adds the backlog and sizes, read again when the last figures are older than <see cref="StatisticsInterval"/>.</summary>
    private async Task AddStatisticsAsync(Dictionary<string, object> data, CancellationToken cancellationToken)
    {
        if (_statistics is null)
        {
            return;
        }

        if (_lastStatistics is null || _time.GetElapsedTime(_statisticsReadAt) >= StatisticsInterval)
        {
            try
            {
                _lastStatistics = await _statistics.GetStatisticsAsync(cancellationToken);
                _statisticsReadAt = _time.GetTimestamp();
            }
            catch (Exception ex) when (ex is StoreUnavailableException or StoreFullException)
            {
                // The write just committed; figures that could not be read are left out, not a reason to be unready.
                return;
            }
        }

        var figures = _lastStatistics;
        data["pendingEvents"] = figures.PendingEvents;
        data["oldestPendingAgeSeconds"] = figures.OldestPendingAt is { } oldest ? Math.Max(0, Math.Round((_time.GetUtcNow() - oldest).TotalSeconds)) : 0;
        data["deadLetteredEvents"] = figures.DeadLetteredEvents;
        data["idempotencyRecords"] = figures.IdempotencyRecords;
    }

    private static Dictionary<string, object> Reason(string probe, string? reason)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["probe"] = probe };
        if (reason is not null)
        {
            data["reason"] = reason;
        }

        return data;
    }

    /// <summary>Writes the readiness report as JSON: the status, and for each check its status, reason and description.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    reason = e.Value.Data.TryGetValue("reason", out var reason) ? reason : null,
                    probe = e.Value.Data.TryGetValue("probe", out var probe) ? probe : null,
                    backlog = e.Value.Data.TryGetValue("pendingEvents", out var pending)
                        ? new
                        {
                            pendingEvents = pending,
                            oldestPendingAgeSeconds = e.Value.Data["oldestPendingAgeSeconds"],
                            deadLetteredEvents = e.Value.Data["deadLetteredEvents"],
                            idempotencyRecords = e.Value.Data["idempotencyRecords"],
                        }
                        : null,
                    description = e.Value.Description,
                },
                StringComparer.Ordinal),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions), context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
