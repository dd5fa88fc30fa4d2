using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>Migrating running instances on SQLite: each engine opens a fresh store on the file.</summary>
public sealed class SqliteMigrationTests : MigrationContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    protected override IProcessStore OpenStore() => _database.OpenStore();
}
