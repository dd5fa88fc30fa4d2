using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>
/// The analytics over a store as the service collection composes them: a SQL store's figures
/// come from <see cref="SqlAnalyticsSource"/> over it (its registration adds that source), the
/// in-memory store's from its instances at once, any other store's from memory page by page. The suites here build stores without a container, so they pick the
/// source the same way.
/// </summary>
internal static class StoreAnalytics
{
    public static ProcessAnalytics For(IProcessStore store, IProcessDefinitionRegistry registry, TimeProvider clock)
        => new(store, registry, clock, store switch
        {
            ISqlReader sql => new SqlAnalyticsSource(sql),
            InMemoryProcessStore memory => new MemoryAnalyticsSource(memory, memory.Snapshot),
            _ => null,
        });
}
