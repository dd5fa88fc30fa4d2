using System;
using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>One page of a query.</summary>
/// <remarks>
/// A store counts the matches only up to <see cref="InstanceQuery.Skip"/> plus
/// <see cref="CountLimit"/>, so that a page costs the same in a store of a thousand instances
/// and of millions: an exact count would read every match on every request. When more match,
/// <see cref="Total"/> is that bound and <see cref="TotalIsExact"/> is <see langword="false"/>:
/// there are at least <see cref="Total"/> matches, and more pages after this one.
/// </remarks>
/// <param name="Items">The instances, newest first.</param>
/// <param name="Total">
/// How many instances match: exactly when <see cref="TotalIsExact"/>, otherwise at least this
/// many. It is never less than <see cref="InstanceQuery.Skip"/> plus the number of
/// <paramref name="Items"/>, so there is a next page when that sum is less than the total.
/// </param>
public sealed record InstancePage(IReadOnlyList<ProcessInstance> Items, int Total)
{
    /// <summary>How many matches past <see cref="InstanceQuery.Skip"/> a store counts at most.</summary>
    public const int CountLimit = 1_000;

    /// <summary>
    /// Gets whether <see cref="Total"/> is the exact number of matches (<see langword="true"/>), or
    /// a lower bound because more than <see cref="InstanceQuery.Skip"/> plus <see cref="CountLimit"/>
    /// match (<see langword="false"/>).
    /// </summary>
    public bool TotalIsExact { get; init; } = true;

    /// <summary>
    /// Makes a page from the number of matches a store counted, at most one more than
    /// <see cref="InstanceQuery.Skip"/> plus <see cref="CountLimit"/> (counting stops there).
    /// </summary>
    /// <param name="items">The page's instances, newest first.</param>
    /// <param name="query">The query the page answers.</param>
    /// <param name="counted">How many matches the store counted: all of them, or more than the bound.</param>
    /// <returns>The page, with <see cref="Total"/> exact or bounded.</returns>
    public static InstancePage Counted(IReadOnlyList<ProcessInstance> items, InstanceQuery query, long counted)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(counted);
        var bound = CountBound(query);
        return counted > bound
            ? new InstancePage(items, (int)Math.Min(bound, int.MaxValue)) { TotalIsExact = false }
            : new InstancePage(items, (int)Math.Min(counted, int.MaxValue));
    }

    /// <summary>
    /// Gets how many matches a store counts at most for a query before it stops: one more than
    /// <see cref="InstanceQuery.Skip"/> plus <see cref="CountLimit"/>, so that it knows whether more match.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <returns>The number of matches to count at most.</returns>
    public static long CountUpTo(InstanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CountBound(query) + 1;
    }

    private static long CountBound(InstanceQuery query) => (long)query.Skip + CountLimit;
}
