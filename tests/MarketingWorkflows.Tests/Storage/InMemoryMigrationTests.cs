using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>Migrating running instances on the in-memory store.</summary>
public sealed class InMemoryMigrationTests : MigrationContract
{
    private readonly InMemoryProcessStore _store = new();

    protected override IProcessStore OpenStore() => _store;
}
