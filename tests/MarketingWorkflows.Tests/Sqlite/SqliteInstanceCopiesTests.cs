using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>Copies of instances on SQLite: several stores on one file, as several processes would open it.</summary>
public sealed class SqliteInstanceCopiesTests : InstanceCopiesContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected override IProcessStore NewHost() => _database.OpenStore();
}
