using System;
using System.Collections.Generic;
using System.Text.Json;

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
