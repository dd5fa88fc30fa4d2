namespace MarketingWorkflows.Definitions.Versions;

/// <summary>One fact of a definition: a part (with a summary) or a property of one (with its value as text).</summary>
/// <param name="Area">The area it belongs to.</param>
/// <param name="Path">Its dotted path, unique in the definition.</param>
/// <param name="Label">What it is in plain words.</param>
/// <param name="Value">Its value, or for a part a summary (<see langword="null"/> for none).</param>
/// <param name="Parent">The path of the part it belongs to, or <see langword="null"/>.</param>
/// <param name="IsPart">Whether it is a part, compared by its properties rather than its summary.</param>
internal sealed record DefinitionFact(DefinitionArea Area, string Path, string Label, string? Value, string? Parent, bool IsPart);
