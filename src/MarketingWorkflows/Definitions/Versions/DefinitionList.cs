using System.Collections.Generic;

namespace MarketingWorkflows.Definitions.Versions;

/// <summary>A list of parts whose order the file format keeps, by their keys.</summary>
/// <param name="Area">The area it belongs to.</param>
/// <param name="Path">Its path, such as <c>states[order]</c>.</param>
/// <param name="Label">What it is in plain words.</param>
/// <param name="Keys">The parts' keys in order.</param>
internal sealed record DefinitionList(DefinitionArea Area, string Path, string Label, IReadOnlyList<string> Keys);
