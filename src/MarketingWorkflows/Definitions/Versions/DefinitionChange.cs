namespace MarketingWorkflows.Definitions.Versions;

/// <summary>One difference between two process definitions, found by <see cref="ProcessDefinitionDiff.Compare"/>. Immutable.</summary>
public sealed class DefinitionChange
{
    internal DefinitionChange(DefinitionArea area, ChangeKind kind, string path, string label, string? before, string? after)
    {
        Area = area;
        Kind = kind;
        Path = path;
        Label = label;
        Before = before;
        After = after;
    }

    /// <summary>Gets the part of the definition the change is about.</summary>
    public DefinitionArea Area { get; }

    /// <summary>Gets whether the part was added, removed or changed.</summary>
    public ChangeKind Kind { get; }

    /// <summary>Gets where the change is, as dotted names such as <c>states.LegalReview.transitions.Approve.guard</c>.</summary>
    /// <remarks>
    /// A transition is named by its trigger; a second transition on the same trigger from the same
    /// state is <c>Approve#2</c>. A list's order is reported at the list's path with <c>[order]</c>, such as <c>states[order]</c>.
    /// </remarks>
    public string Path { get; }

    /// <summary>Gets the earlier value, or a summary of what was removed; <see langword="null"/> when the part was added.</summary>
    public string? Before { get; }

    /// <summary>Gets the later value, or a summary of what was added; <see langword="null"/> when the part was removed.</summary>
    public string? After { get; }

    /// <summary>Gets the change in plain words, such as <c>LegalReview approve rule: any → all</c>.</summary>
    public string Description => Kind switch
    {
        ChangeKind.Added => After is null ? $"{Label} added" : $"{Label} added: {After}",
        ChangeKind.Removed => Before is null ? $"{Label} removed" : $"{Label} removed (was: {Before})",
        _ => $"{Label}: {Show(Before)} → {Show(After)}",
    };

    /// <summary>Gets what the change is about in plain words, such as <c>LegalReview approve rule</c>.</summary>
    internal string Label { get; }

    /// <summary>Returns the change as one line of <see cref="DefinitionDiff.ToText"/>: <c>+</c> added, <c>-</c> removed, <c>~</c> changed.</summary>
    /// <returns>The line, without indentation.</returns>
    public override string ToString() => Kind switch
    {
        ChangeKind.Added => After is null ? $"+ {Label}" : $"+ {Label}: {After}",
        ChangeKind.Removed => Before is null ? $"- {Label}" : $"- {Label}: {Before}",
        _ => $"~ {Label}: {Show(Before)} → {Show(After)}",
    };

    internal static string Show(string? value) => value switch
    {
        null => "(none)",
        "" => "\"\"",
        _ => value,
    };
}
