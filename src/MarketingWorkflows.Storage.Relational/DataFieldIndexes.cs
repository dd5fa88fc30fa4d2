using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// The data fields a SQL store indexes, so that a list filtered on one of them
/// (<see cref="InstanceQuery.DataField"/>) reads an index of that field's value in creation order
/// and stops after its page, however many instances there are. Each field gets an expression index
/// on <c>mwf_instances</c> named <see cref="IndexName"/>, over <see cref="SqlDialect.IndexedDataField"/>
/// then the creation order; the query compares the same expression, so the database uses it.
/// </summary>
public static partial class DataFieldIndexes
{
    /// <summary>The longest field name an index is made for: the index's name must fit PostgreSQL's 63 characters.</summary>
    public const int MaxNameLength = 40;

    /// <summary>Gets the name of the index of a data field.</summary>
    /// <param name="field">A field name <see cref="Validate"/> accepts.</param>
    /// <returns>The index's name, <c>ix_mwf_instances_data_</c> and the field in lowercase.</returns>
    public static string IndexName(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return "ix_mwf_instances_data_" + field.ToLowerInvariant();
    }

    /// <summary>
    /// Checks the fields a store is asked to index: each a name of letters, digits and
    /// underscores, starting with a letter or underscore, at most <see cref="MaxNameLength"/>
    /// characters (it becomes part of SQL text and of the index's name), and no two the same but
    /// for case (their indexes would share a name).
    /// </summary>
    /// <param name="optionName">The option's name, for the messages, such as <c>IndexedDataFields</c>.</param>
    /// <param name="fields">The fields.</param>
    /// <returns>Every problem found; empty when the fields are valid.</returns>
    public static IReadOnlyList<string> Validate(string optionName, IEnumerable<string?>? fields)
    {
        var problems = new List<string>();
        if (fields is null)
        {
            problems.Add($"{optionName} must not be null (leave it empty to index no data field)");
            return problems;
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var field in fields)
        {
            if (field is null || !Name().IsMatch(field))
            {
                problems.Add($"{optionName}[{position}] is {(field is null ? "null" : $"\"{field}\"")}: a data field to index must be a name of letters, digits and underscores starting with a letter or underscore, at most {MaxNameLength} characters");
            }
            else if (!seen.TryAdd(field, field))
            {
                problems.Add($"{optionName}[{position}] \"{field}\" repeats \"{seen[field]}\" (names that differ only in case would share one index)");
            }

            position++;
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
