using System;
using System.Text.Json;

namespace MarketingWorkflows.Processes;

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
