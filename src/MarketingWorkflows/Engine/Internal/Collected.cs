using System.Collections.Generic;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// What a command adds of one kind (history entries, events), collected without a list for the
/// usual single item: one item becomes an array of one, more become a list.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal struct Collected<T>
    where T : class
{
    private T? _first;
    private List<T>? _all;

    /// <summary>Adds an item.</summary>
    public void Add(T item)
    {
        if (_first is null)
        {
            _first = item;
            return;
        }

        _all ??= [_first];
        _all.Add(item);
    }

    /// <summary>Gets the items added, in order.</summary>
    public readonly IReadOnlyList<T> ToList()
    {
        if (_all is not null)
        {
            return _all;
        }

        return _first is null ? [] : new T[] { _first };
    }
}
