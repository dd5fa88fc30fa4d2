namespace MarketingWorkflows.Tests.Packaging;

/// <summary>
/// The packaging tests share one pack of every package, and run on their own: packing and
/// building a fresh project takes both cores for a while.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packaging";
}
