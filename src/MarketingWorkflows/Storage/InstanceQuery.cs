using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Storage;

/// <summary>What to look for with <see cref="IInstanceStore.QueryAsync"/>. Every condition given must hold.</summary>
public sealed record InstanceQuery
{
    /// <summary>Gets the process id, or <see langword="null"/> for any.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets the state, or <see langword="null"/> for any.</summary>
    public string? State { get; init; }

    /// <summary>Gets a top-level data field that must equal <see cref="DataValue"/>, or <see langword="null"/>.</summary>
    /// <remarks>
    /// The name is compared with each field's name exactly, whatever it holds (quotes, backslashes,
    /// dots, brackets, <c>$</c>, <c>*</c>, spaces, any language, or nothing): it is never read as
    /// a path, so <c>a.b</c> finds a field named <c>a.b</c>, not <c>b</c> inside <c>a</c>. A name
    /// with U+0000 or half of a surrogate pair is refused with <see cref="InvalidInstanceQueryException"/>.
    /// </remarks>
    public string? DataField { get; init; }

    /// <summary>Gets the value <see cref="DataField"/> must have (compared as JSON text: strings, numbers, booleans).</summary>
    /// <remarks>A value with U+0000 or half of a surrogate pair is refused with <see cref="InvalidInstanceQueryException"/>.</remarks>
    public string? DataValue { get; init; }

    /// <summary>Gets a user: only instances waiting on that user, or on one of <see cref="WaitingOnRoles"/>.</summary>
    public string? WaitingOnUser { get; init; }

    /// <summary>Gets the roles that count for <see cref="WaitingOnUser"/>.</summary>
    public IReadOnlyList<string> WaitingOnRoles { get; init; } = [];

    /// <summary>Gets a time: only instances whose deadline passed before it, or <see langword="null"/>.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Gets an instance: only instances linked to it, or <see langword="null"/>.</summary>
    public Guid? LinkedTo { get; init; }

    /// <summary>Gets whether to include completed instances. Default: true.</summary>
    public bool IncludeCompleted { get; init; } = true;

    /// <summary>Gets how many matching instances to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Gets the page size, 1 to 500. Default: 50.</summary>
    public int Take { get; init; } = 50;

    /// <summary>
    /// Throws when a store cannot answer the query the same way as every other store: the page is
    /// out of range (0 or more to skip, 1 to 500 to take), or the data field or value has text no
    /// store can compare. Every store calls it first, so that a query is refused alike everywhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range.</exception>
    /// <exception cref="InvalidInstanceQueryException">The data field or value has U+0000 or half of a surrogate pair.</exception>
    public void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(Take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Take, 500);
        ThrowIfNotComparable(DataField, nameof(DataField), "field name");
        ThrowIfNotComparable(DataValue, nameof(DataValue), "value");
    }

    private static void ThrowIfNotComparable(string? text, string property, string what)
    {
        if (text is null)
        {
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0')
            {
                throw new InvalidInstanceQueryException($"The {what} in {property} has the character U+0000 at index {i}, which no store can compare (PostgreSQL text cannot hold it); leave it out.", property);
            }

            if (char.IsSurrogate(text[i]) && !char.IsSurrogatePair(text, i))
            {
                throw new InvalidInstanceQueryException($"The {what} in {property} has half of a surrogate pair (U+{(int)text[i]:X4}) at index {i}, so it is not Unicode text and no field can have it; send the whole character or leave it out.", property);
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }
    }
}
