namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>A folder under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mwf-filestore-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Gives a new, empty subfolder: a store of its own.</summary>
    public string NewStoreFolder() => Directory.CreateDirectory(System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
