using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Versions;

namespace MarketingWorkflows.Api.Apis;

/// <summary>A process version, in a list.</summary>
/// <param name="Id">The process id.</param>
/// <param name="Version">The version.</param>
/// <param name="Title">The title.</param>
/// <param name="Description">What it is for.</param>
/// <param name="States">The state names.</param>
/// <param name="Triggers">The trigger names.</param>
/// <param name="Versions">Every registered version of the process, with how many instances are running on each.</param>
internal sealed record ProcessSummary(string Id, int Version, string? Title, string? Description, IReadOnlyList<string> States, IReadOnlyList<string> Triggers, IReadOnlyList<ProcessVersionUse> Versions)
{
    public static ProcessSummary From(ProcessDefinition d, IReadOnlyList<ProcessVersionUse> versions)
        => new(d.Id, d.Version, d.Title, d.Description, [.. d.States.Select(s => s.Name)], [.. d.Triggers.Select(t => t.Name)], versions);
}

/// <summary>A version of a process and how many instances run on it.</summary>
/// <param name="Version">The version.</param>
/// <param name="Instances">How many instances on this version have not completed.</param>
internal sealed record ProcessVersionUse(int Version, int Instances);

/// <summary>A draft as saved.</summary>
/// <param name="ProcessId">The process.</param>
/// <param name="SavedAt">When it was saved.</param>
/// <param name="Errors">Every problem the draft has now, with its line and column; empty when it would publish.</param>
internal sealed record DraftSaved(string ProcessId, DateTimeOffset SavedAt, IReadOnlyList<DefinitionError> Errors);

/// <summary>What changes from one version (or the draft) to another.</summary>
/// <param name="From">The earlier side: a version number, or <c>draft</c>.</param>
/// <param name="To">The later side: a version number, or <c>draft</c>.</param>
/// <param name="Changes">Each change, grouped by area.</param>
/// <param name="Text">The changes as text for a person, grouped by area.</param>
internal sealed record VersionDiff(string From, string To, IReadOnlyList<VersionChange> Changes, string Text);

/// <summary>One change between two definitions.</summary>
/// <param name="Area">The part of the definition.</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Path">Where, such as <c>states.LegalReview.transitions.Approve.guard</c>.</param>
/// <param name="Before">The earlier value, or null when added.</param>
/// <param name="After">The later value, or null when removed.</param>
/// <param name="Description">The change in plain words.</param>
internal sealed record VersionChange(DefinitionArea Area, ChangeKind Kind, string Path, string? Before, string? After, string Description)
{
    public static VersionChange From(DefinitionChange change)
        => new(change.Area, change.Kind, change.Path, change.Before, change.After, change.Description);
}
