using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>Event claims on the JSON file store: several stores on one folder, as hosts share a database.</summary>
public sealed class FileProcessStoreHostsTests : EventClaimContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override IProcessStore NewHost() => new FileProcessStore(_folder.Path);
}
