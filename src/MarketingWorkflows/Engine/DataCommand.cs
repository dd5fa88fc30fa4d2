using System;
using System.Text.Json;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>A change to an instance's data: a JSON object whose fields replace the stored ones (<c>null</c> removes a field).</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Changes">The fields to change.</param>
/// <param name="Actor">Who changes them.</param>
public sealed record DataCommand(Guid InstanceId, JsonElement Changes, Actor Actor)
{
    /// <summary>Gets a comment for the history, or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the version the caller last saw, or <see langword="null"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets a key that makes the command safe to retry, or <see langword="null"/>.</summary>
    public string? IdempotencyKey { get; init; }
}
