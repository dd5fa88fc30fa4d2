using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Definitions.Versions;

/// <summary>Compares two process definitions, such as two versions of one process, part by part.</summary>
public static class ProcessDefinitionDiff
{
    /// <summary>Finds what changed from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The earlier definition.</param>
    /// <param name="to">The later definition.</param>
    /// <returns>
    /// The changes. A part that was added or removed is one change, not one per property; the
    /// version numbers are not compared. The diff is empty exactly when the definitions say the same thing.
    /// </returns>
    public static DefinitionDiff Compare(ProcessDefinition from, ProcessDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = DefinitionFacts.Of(from);
        var after = DefinitionFacts.Of(to);
        var changes = new List<DefinitionChange>();

        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in before.Facts)
        {
            if (after.ByPath.ContainsKey(fact.Path))
            {
                continue;
            }

            removed.Add(fact.Path);
            if (fact.Parent is null || !removed.Contains(fact.Parent))
            {
                changes.Add(new DefinitionChange(fact.Area, ChangeKind.Removed, fact.Path, fact.Label, fact.Value, null));
            }
        }

        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fact in after.Facts)
        {
            if (!before.ByPath.TryGetValue(fact.Path, out var earlier))
            {
                added.Add(fact.Path);
                if (fact.Parent is null || !added.Contains(fact.Parent))
                {
                    changes.Add(new DefinitionChange(fact.Area, ChangeKind.Added, fact.Path, fact.Label, null, fact.Value));
                }
            }
            else if (!fact.IsPart && !string.Equals(earlier.Value, fact.Value, StringComparison.Ordinal))
            {
                changes.Add(new DefinitionChange(fact.Area, ChangeKind.Changed, fact.Path, fact.Label, earlier.Value, fact.Value));
            }
        }

        foreach (var list in after.Lists)
        {
            if (!before.ListsByPath.TryGetValue(list.Path, out var earlier))
            {
                continue;
            }

            // Only the parts in both can be out of order; an added or removed part is its own change.
            var common = earlier.Keys.Intersect(list.Keys, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
            var was = earlier.Keys.Where(common.Contains).ToList();
            var now = list.Keys.Where(common.Contains).ToList();
            if (!was.SequenceEqual(now, StringComparer.Ordinal))
            {
                changes.Add(new DefinitionChange(list.Area, ChangeKind.Changed, list.Path, list.Label, string.Join(", ", was), string.Join(", ", now)));
            }
        }

        return new DefinitionDiff(from, to, [.. changes.OrderBy(c => c.Area)]);
    }
}
