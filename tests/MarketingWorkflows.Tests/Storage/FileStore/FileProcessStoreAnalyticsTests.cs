using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Analytics;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The analytics suite over the JSON file store, computed in memory from what the store's public reads give.</summary>
public sealed class FileProcessStoreAnalyticsTests(FileProcessStoreAnalyticsTests.Stores stores) : AnalyticsContract, IClassFixture<FileProcessStoreAnalyticsTests.Stores>
{
    protected override Task<AnalyticsDataSet> DataSetAsync() => stores.DataSet.Value;

    protected override Task<IProcessStore> NewStoreAsync() => Task.FromResult<IProcessStore>(new FileProcessStore(stores.Folder.NewStoreFolder()));

    /// <summary>The data set, written once for the class, and the folder every store of the class lives in.</summary>
    public sealed class Stores : IDisposable
    {
        public Stores()
        {
            DataSet = new(() => AnalyticsDataSet.CreateAsync(new FileProcessStore(Folder.NewStoreFolder())));
        }

        internal TempFolder Folder { get; } = new();

        internal Lazy<Task<AnalyticsDataSet>> DataSet { get; }

        public void Dispose() => Folder.Dispose();
    }
}
