using MarketingWorkflows.PostgreSql;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>
/// Stores on one fresh schema of the test server, each standing for a host of one database,
/// disposed together at the end of a test.
/// </summary>
internal sealed class PostgresHostStores(PostgresServer server) : IAsyncDisposable
{
    private readonly List<PostgreSqlProcessStore> _stores = [];

    /// <summary>Gets the schema the hosts share.</summary>
    public string Schema { get; } = PostgresServer.NewSchema();

    /// <summary>Opens one more host's store on <see cref="Schema"/>.</summary>
    public PostgreSqlProcessStore Open() => Add(server.OpenStore(Schema));

    /// <summary>Takes a store opened by the test (with options of its own) to dispose with the others.</summary>
    public PostgreSqlProcessStore Add(PostgreSqlProcessStore store)
    {
        _stores.Add(store);
        return store;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
