namespace MarketingWorkflows.Processes;

/// <summary>The version of an asset under review.</summary>
/// <param name="Number">The version number, from 1.</param>
/// <param name="Uri">Where the asset is.</param>
/// <param name="Checksum">The asset's checksum, or <see langword="null"/>.</param>
public sealed record AssetVersion(int Number, string Uri, string? Checksum = null);
