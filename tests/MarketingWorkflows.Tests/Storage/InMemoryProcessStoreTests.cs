using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

public sealed class InMemoryProcessStoreTests : ProcessStoreContract
{
    protected override Task<IProcessStore> CreateStoreAsync() => Task.FromResult<IProcessStore>(new InMemoryProcessStore());
}
