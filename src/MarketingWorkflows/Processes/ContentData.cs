using System.Text.Json;

namespace MarketingWorkflows.Processes;

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
