using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.PostgreSql;
using MarketingWorkflows.Tests.Sqlite;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>The analytics suite computed in memory by the in-memory store.</summary>
public sealed class InMemoryAnalyticsTests : AnalyticsContract
{
    private static readonly Lazy<Task<AnalyticsDataSet>> DataSet = new(() => AnalyticsDataSet.CreateAsync(new InMemoryProcessStore()));

    protected override Task<AnalyticsDataSet> DataSetAsync() => DataSet.Value;

    protected override Task<IProcessStore> NewStoreAsync() => Task.FromResult<IProcessStore>(new InMemoryProcessStore());
}

/// <summary>The analytics suite computed in SQL by the SQLite store, on a real file.</summary>
public sealed class SqliteAnalyticsTests : AnalyticsContract
{
    private static readonly TempDatabase Database = new();
    private static readonly TempDatabase Second = new();

    private static readonly Lazy<Task<AnalyticsDataSet>> DataSet = new(async () =>
    {
        var store = Database.OpenStore();
        await store.InitializeAsync();
        return await AnalyticsDataSet.CreateAsync(store);
    });

    protected override Task<AnalyticsDataSet> DataSetAsync() => DataSet.Value;

    protected override async Task<IProcessStore> NewStoreAsync()
    {
        var store = Second.OpenStore();
        await store.InitializeAsync();
        return store;
    }
}

/// <summary>The analytics suite computed in SQL by the PostgreSQL store, on a real server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAnalyticsTests(PostgresServer server) : AnalyticsContract
{
    private static Task<AnalyticsDataSet>? s_dataSet;
    private static readonly Lock Gate = new();

    protected override Task<AnalyticsDataSet> DataSetAsync()
    {
        lock (Gate)
        {
            return s_dataSet ??= CreateAsync(server);
        }
    }

    protected override async Task<IProcessStore> NewStoreAsync()
    {
        var store = server.OpenStore();
        await store.InitializeAsync();
        return store;
    }

    private static async Task<AnalyticsDataSet> CreateAsync(PostgresServer server)
    {
        var store = server.OpenStore();
        await store.InitializeAsync();
        return await AnalyticsDataSet.CreateAsync(store);
    }
}
