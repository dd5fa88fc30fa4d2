using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketingWorkflows.Processes;

/// <summary>The data of a <c>campaign-approval</c> instance. Convert with <see cref="ToJson"/> and <see cref="FromJson"/>.</summary>
public sealed record CampaignData
{
    /// <summary>Gets the campaign's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the owner's user id.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the channels: email, sms, social, search, display, events, print.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Gets the regions: EU, UK, US, CA, APAC, LATAM, MEA.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>Gets the audience: consumer or business. Default: business.</summary>
    public string Audience { get; init; } = "business";

    /// <summary>Gets the budget.</summary>
    public required Money Budget { get; init; }

    /// <summary>Gets the first day, or <see langword="null"/>.</summary>
    public DateOnly? StartAt { get; init; }

    /// <summary>Gets the last day, or <see langword="null"/>.</summary>
    public DateOnly? EndAt { get; init; }

    /// <summary>Gets the objective, or <see langword="null"/>.</summary>
    public string? Objective { get; init; }

    /// <summary>Gets the expected leads, or <see langword="null"/>.</summary>
    public decimal? ExpectedLeads { get; init; }

    /// <summary>Gets the expected revenue, or <see langword="null"/>.</summary>
    public Money? ExpectedRevenue { get; init; }

    /// <summary>Gets the scheduled launch, set by <c>Schedule</c>, or <see langword="null"/>.</summary>
    public DateTimeOffset? LaunchAt { get; init; }

    /// <summary>Gets the actual spend, set by <c>Complete</c>, or <see langword="null"/>.</summary>
    public Money? ActualSpend { get; init; }

    /// <summary>Gets the actual leads, set by <c>Complete</c>, or <see langword="null"/>.</summary>
    public decimal? ActualLeads { get; init; }

    /// <summary>Gets the actual revenue, set by <c>Complete</c>, or <see langword="null"/>.</summary>
    public Money? ActualRevenue { get; init; }

    /// <summary>Converts to instance data.</summary>
    /// <returns>The JSON object.</returns>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, ProcessDataJsonContext.Default.CampaignData);

    /// <summary>Reads instance data.</summary>
    /// <param name="data">The JSON object.</param>
    /// <returns>The data.</returns>
    public static CampaignData FromJson(JsonElement data) => data.Deserialize(ProcessDataJsonContext.Default.CampaignData)
        ?? throw new JsonException("The campaign data is null.");
}

/// <summary>The version of an asset under review.</summary>
/// <param name="Number">The version number, from 1.</param>
/// <param name="Uri">Where the asset is.</param>
/// <param name="Checksum">The asset's checksum, or <see langword="null"/>.</param>
public sealed record AssetVersion(int Number, string Uri, string? Checksum = null);

/// <summary>The data of a <c>content-review</c> instance. Convert with <see cref="ToJson"/> and <see cref="FromJson"/>.</summary>
public sealed record ContentData
{
    /// <summary>Gets the asset's title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the author's user id.</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the asset type: email, landing-page, ad, social-post, blog.</summary>
    public required string AssetType { get; init; }

    /// <summary>Gets the version under review.</summary>
    public required AssetVersion AssetVersion { get; init; }

    /// <summary>Gets the campaign instance it belongs to, or <see langword="null"/>.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Gets the campaign owner's user id, who decides when review runs past its rounds, or <see langword="null"/> (then the role marketing-lead decides).</summary>
    public string? CampaignOwner { get; init; }

    /// <summary>Converts to instance data.</summary>
    /// <returns>The JSON object.</returns>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, ProcessDataJsonContext.Default.ContentData);

    /// <summary>Reads instance data.</summary>
    /// <param name="data">The JSON object.</param>
    /// <returns>The data.</returns>
    public static ContentData FromJson(JsonElement data) => data.Deserialize(ProcessDataJsonContext.Default.ContentData)
        ?? throw new JsonException("The content data is null.");
}

/// <summary>The data of a <c>launch-checklist</c> instance. Convert with <see cref="ToJson"/> and <see cref="FromJson"/>.</summary>
public sealed record LaunchData
{
    /// <summary>Gets the campaign instance it launches.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Gets the campaign owner's user id (who says Go with the ops lead).</summary>
    public required string Owner { get; init; }

    /// <summary>Gets the launch time.</summary>
    public required DateTimeOffset LaunchAt { get; init; }

    /// <summary>Converts to instance data.</summary>
    /// <returns>The JSON object.</returns>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, ProcessDataJsonContext.Default.LaunchData);

    /// <summary>Reads instance data.</summary>
    /// <param name="data">The JSON object.</param>
    /// <returns>The data.</returns>
    public static LaunchData FromJson(JsonElement data) => data.Deserialize(ProcessDataJsonContext.Default.LaunchData)
        ?? throw new JsonException("The launch data is null.");
}

/// <summary>Serialization metadata for the built-in processes' data: camel case, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CampaignData))]
[JsonSerializable(typeof(ContentData))]
[JsonSerializable(typeof(LaunchData))]
internal sealed partial class ProcessDataJsonContext : JsonSerializerContext;
