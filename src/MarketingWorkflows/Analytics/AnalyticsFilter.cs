using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Analytics;

/// <summary>Which instances an analytics query counts, and its time window.</summary>
public sealed record AnalyticsFilter
{
    /// <summary>Gets only this process, or every process when <see langword="null"/>.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets only instances started on this definition version, or every version when <see langword="null"/>.</summary>
    public int? DefinitionVersion { get; init; }

    /// <summary>Gets the start of the window (inclusive), or no start.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the end of the window (exclusive), or no end.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Gets data fields the instances must have, by name: a scalar field equals the value (as
    /// text), a list field contains it. For example <c>region = EU</c>, <c>assignee = ana</c>.
    /// Field names are letters, digits and underscores.
    /// </summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
