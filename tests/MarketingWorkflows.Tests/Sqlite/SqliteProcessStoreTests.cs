using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The store contract, unchanged, on a real SQLite file.</summary>
public sealed class SqliteProcessStoreTests : ProcessStoreContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    protected override async Task<IProcessStore> CreateStoreAsync()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();
}
