namespace MarketingWorkflows.Analytics;

/// <summary>One analytics query as an <see cref="IAnalyticsSource"/> computes it.</summary>
/// <param name="Filter">The caller's filter, already checked.</param>
/// <param name="Model">What the figures need of the definitions.</param>
/// <param name="Now">The time "now" figures (work in progress, overdue, queues) are taken at, in UTC ticks.</param>
public sealed record AnalyticsQuery(AnalyticsFilter Filter, AnalyticsModel Model, long Now)
{
    /// <summary>Gets the start of the window in UTC ticks, or <see langword="null"/> for none.</summary>
    public long? FromTicks => Filter.From?.UtcTicks;

    /// <summary>Gets the end of the window (excluded) in UTC ticks, or <see langword="null"/> for none.</summary>
    public long? ToTicks => Filter.To?.UtcTicks;

    /// <summary>Gets whether a time falls in the window.</summary>
    /// <param name="ticks">The time, in UTC ticks.</param>
    /// <returns><see langword="true"/> when it is at or after the start and before the end.</returns>
    public bool InWindow(long ticks) => (FromTicks is not { } from || ticks >= from) && (ToTicks is not { } to || ticks < to);
}
