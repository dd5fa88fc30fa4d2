using System;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// How the figures of money planned and spent are grouped: by one of the dimensions process
/// definitions declare under <c>measures.dimensions</c> (such as <c>region</c>), or by the calendar
/// quarter of their declared <c>measures.date</c>.
/// </summary>
public sealed record BudgetGrouping
{
    private BudgetGrouping(string? dimension)
    {
        Dimension = dimension;
    }

    /// <summary>Gets the grouping by the calendar quarter of the declared date (<c>2026-Q3</c>; <c>(none)</c> without one).</summary>
    public static BudgetGrouping Quarter { get; } = new(dimension: null);

    /// <summary>Gets the dimension grouped by, or <see langword="null"/> for <see cref="Quarter"/>.</summary>
    public string? Dimension { get; }

    /// <summary>Groups by a declared dimension: a string field, or a list field under each of whose elements an instance counts.</summary>
    /// <param name="dimension">The dimension, as <c>measures.dimensions</c> names it.</param>
    /// <returns>The grouping.</returns>
    public static BudgetGrouping ByDimension(string dimension)
    {
        ArgumentException.ThrowIfNullOrEmpty(dimension);
        return new BudgetGrouping(dimension);
    }

    /// <summary>Returns the dimension, or <c>quarter</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Dimension ?? "quarter";
}
