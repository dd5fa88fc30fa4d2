using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The store contract, unchanged, on a real SQLite file.</summary>
public sealed class SqliteProcessStoreTests : ProcessStoreContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly TempDatabase _indexing = new();

    protected override async Task<IProcessStore> CreateStoreAsync()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IProcessStore> CreateStoreIndexingAsync(IReadOnlyList<string> fields)
    {
        var store = _indexing.OpenStore(o => o.IndexedDataFields = [.. fields]);
        await store.InitializeAsync();
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _indexing.DisposeAsync();
    }
}
