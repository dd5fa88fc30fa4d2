using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MarketingWorkflows.Definitions.Versions;

/// <summary>
/// What changed between two process definitions, such as two versions of one process or a
/// version and a draft: every state, transition, role, guard, approval stage, deadline, data
/// field, checklist item and measure added, removed or changed. Immutable.
/// </summary>
/// <remarks>
/// The version numbers themselves are not a change: <see cref="From"/> and <see cref="To"/> name them.
/// The diff is empty exactly when the two definitions say the same thing, that is when their
/// <see cref="ProcessDefinition.ContentHash"/>es would be equal at the same version number.
/// </remarks>
public sealed class DefinitionDiff
{
    private static readonly Dictionary<DefinitionArea, string> Headings = new()
    {
        [DefinitionArea.Process] = "Process",
        [DefinitionArea.State] = "States",
        [DefinitionArea.Transition] = "Transitions and triggers",
        [DefinitionArea.Role] = "Roles",
        [DefinitionArea.Guard] = "Guards",
        [DefinitionArea.Stage] = "Approval stages",
        [DefinitionArea.Deadline] = "Deadlines",
        [DefinitionArea.DataField] = "Data fields",
        [DefinitionArea.Checklist] = "Checklist",
        [DefinitionArea.Measure] = "Measures",
    };

    internal DefinitionDiff(ProcessDefinition from, ProcessDefinition to, IReadOnlyList<DefinitionChange> changes)
    {
        From = from;
        To = to;
        Changes = changes;
    }

    /// <summary>Gets the earlier definition.</summary>
    public ProcessDefinition From { get; }

    /// <summary>Gets the later definition.</summary>
    public ProcessDefinition To { get; }

    /// <summary>Gets the changes, grouped by <see cref="DefinitionArea"/> in the order of that enum.</summary>
    public IReadOnlyList<DefinitionChange> Changes { get; }

    /// <summary>Gets a value indicating whether the two definitions say the same thing.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>
    /// Writes the changes for a person: a heading line, then each area with changes under its
    /// name, one change a line as <c>+ added</c>, <c>- removed</c> or <c>~ changed: before → after</c>.
    /// </summary>
    /// <returns>The text, ending with a line break.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        var count = Changes.Count;
        text.Append(From).Append(" → ").Append(To).Append(": ")
            .AppendLine(count == 0 ? "no changes" : count == 1 ? "1 change" : $"{count} changes");
        foreach (var area in Changes.GroupBy(c => c.Area))
        {
            text.AppendLine().Append(Headings[area.Key]).AppendLine(":");
            foreach (var change in area)
            {
                text.Append("  ").AppendLine(change.ToString());
            }
        }

        return text.ToString();
    }

    /// <summary>Returns <see cref="ToText"/>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToText();
}
