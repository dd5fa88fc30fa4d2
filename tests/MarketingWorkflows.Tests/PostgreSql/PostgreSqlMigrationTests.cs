using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>Migrating running instances on PostgreSQL: each engine opens a fresh store on the schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlMigrationTests(PostgresServer server) : MigrationContract, IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();
    private readonly List<PostgreSqlProcessStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override IProcessStore OpenStore()
    {
        var store = server.OpenStore(_schema);
        _stores.Add(store);
        return store;
    }
}
