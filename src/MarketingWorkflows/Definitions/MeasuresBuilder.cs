using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// Declares what the analytics measure on a process, in C#: the builder side of
/// <see cref="MeasuresDefinition"/>. Every name is checked against the data fields and triggers
/// when the definition is built.
/// </summary>
public sealed class MeasuresBuilder
{
    private readonly string _budget;
    private readonly List<string> _dimensions = [];
    private string? _spend;
    private string? _leads;
    private string? _expectedLeads;
    private string? _revenue;
    private string? _expectedRevenue;
    private string? _date;
    private string? _submittedBy;

    internal MeasuresBuilder(string budget)
    {
        _budget = budget;
    }

    /// <summary>Names the money field holding the amount actually spent.</summary>
    /// <param name="field">The field.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder Spend(string field)
    {
        _spend = field;
        return this;
    }

    /// <summary>Names the number fields holding the leads won and, optionally, the leads expected.</summary>
    /// <param name="actual">The field of the leads won.</param>
    /// <param name="expected">The field of the leads expected, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder Leads(string actual, string? expected = null)
    {
        _leads = actual;
        _expectedLeads = expected;
        return this;
    }

    /// <summary>Names the money fields holding the revenue made and, optionally, the revenue expected.</summary>
    /// <param name="actual">The field of the revenue made.</param>
    /// <param name="expected">The field of the revenue expected, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder Revenue(string actual, string? expected = null)
    {
        _revenue = actual;
        _expectedRevenue = expected;
        return this;
    }

    /// <summary>Adds fields figures can be grouped by: string or enum fields, or lists of them.</summary>
    /// <param name="fields">The fields.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder Dimensions(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _dimensions.AddRange(fields);
        return this;
    }

    /// <summary>Names the date (or datetime) field whose quarter groups the figures by quarter.</summary>
    /// <param name="field">The field.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder Date(string field)
    {
        _date = field;
        return this;
    }

    /// <summary>Names the trigger that submits an instance; its amount counts as planned once it has fired.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <returns>This builder.</returns>
    public MeasuresBuilder SubmittedBy(string trigger)
    {
        _submittedBy = trigger;
        return this;
    }

    internal MeasuresDefinition Build() => new(_budget)
    {
        Spend = _spend,
        Leads = _leads,
        ExpectedLeads = _expectedLeads,
        Revenue = _revenue,
        ExpectedRevenue = _expectedRevenue,
        Dimensions = [.. _dimensions],
        Date = _date,
        SubmittedBy = _submittedBy,
    };
}
