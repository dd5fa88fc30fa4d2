using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>The store contract, run against a real PostgreSQL server, each test on a schema of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlProcessStoreTests(PostgresServer server) : ProcessStoreContract, IAsyncLifetime
{
    private readonly List<PostgreSqlProcessStore> _stores = [];

    protected override async Task<IProcessStore> CreateStoreAsync()
    {
        var store = server.OpenStore();
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IProcessStore> CreateStoreIndexingAsync(IReadOnlyList<string> fields)
    {
        var store = server.OpenStore(configure: o => o.IndexedDataFields = [.. fields]);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
