using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>Hosts' copies of instances on PostgreSQL: several stores on one schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlInstanceCopiesTests(PostgresServer server) : InstanceCopiesContract, IAsyncLifetime
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

    protected override IProcessStore NewHost()
    {
        var store = server.OpenStore(_schema);
        _stores.Add(store);
        return store;
    }
}
