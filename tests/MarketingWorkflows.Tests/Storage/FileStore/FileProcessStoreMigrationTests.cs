using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>Migrating running instances on the JSON file store: each engine opens a fresh store on the folder.</summary>
public sealed class FileProcessStoreMigrationTests : MigrationContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override IProcessStore OpenStore() => new FileProcessStore(_folder.Path);
}
