using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>Copies of instances on the JSON file store: several stores on one folder, as several hosts would open it.</summary>
public sealed class FileProcessStoreInstanceCopiesTests : InstanceCopiesContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override IProcessStore NewHost() => new FileProcessStore(_folder.Path);
}
