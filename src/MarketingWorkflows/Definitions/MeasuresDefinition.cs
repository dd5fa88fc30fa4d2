using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// What the analytics measure on a process's instances, as names of its data fields and of a
/// trigger: the money planned and spent, the results, the dimensions figures are grouped by, and
/// the trigger that counts as submission. Declared under <c>measures</c> in a definition file.
/// Immutable.
/// </summary>
public sealed class MeasuresDefinition
{
    internal MeasuresDefinition(string budget)
    {
        Budget = budget;
    }

    /// <summary>Gets the money field holding the amount planned; an instance counts in the figures when it is set.</summary>
    public string Budget { get; }

    /// <summary>Gets the money field holding the amount actually spent, or <see langword="null"/>. An instance with it set counts as completed, and only completed instances add their results.</summary>
    public string? Spend { get; internal init; }

    /// <summary>Gets the number field holding the leads actually won, or <see langword="null"/>.</summary>
    public string? Leads { get; internal init; }

    /// <summary>Gets the number field holding the leads expected, or <see langword="null"/>.</summary>
    public string? ExpectedLeads { get; internal init; }

    /// <summary>Gets the money field holding the revenue actually made, or <see langword="null"/>.</summary>
    public string? Revenue { get; internal init; }

    /// <summary>Gets the money field holding the revenue expected, or <see langword="null"/>.</summary>
    public string? ExpectedRevenue { get; internal init; }

    /// <summary>Gets the fields figures can be grouped by: string or enum fields, or lists of them (an instance counts once under each element).</summary>
    public IReadOnlyList<string> Dimensions { get; internal init; } = [];

    /// <summary>Gets the date (or datetime) field whose calendar quarter groups the figures by quarter, or <see langword="null"/> (every instance then falls under <c>(none)</c>).</summary>
    public string? Date { get; internal init; }

    /// <summary>Gets the trigger that submits an instance, or <see langword="null"/> when every instance counts as submitted from its start.</summary>
    public string? SubmittedBy { get; internal init; }
}
