using System;
using System.Collections.Frozen;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// The history keys an engine was configured with (<see cref="MarketingWorkflowsOptions.HistoryKeys"/>):
/// the current one, which new entries are keyed with, and every one by id, to verify older entries.
/// A copy taken at start-up, so a later change to the options does not change what an engine writes.
/// </summary>
internal sealed class HistoryKeyRing
{
    private readonly FrozenDictionary<string, byte[]> _keys;

    private HistoryKeyRing(string? currentId, FrozenDictionary<string, byte[]> keys, bool required)
    {
        _keys = keys;
        Required = required;
        CurrentId = currentId;
        Current = currentId is null ? null : keys[currentId];
    }

    /// <summary>Gets a ring without keys: every hash is plain SHA-256.</summary>
    public static HistoryKeyRing None { get; } = new(null, FrozenDictionary<string, byte[]>.Empty, required: false);

    /// <summary>Gets the id of the key new entries are keyed with, or <see langword="null"/>.</summary>
    public string? CurrentId { get; }

    /// <summary>Gets the key new entries are keyed with, or <see langword="null"/> for SHA-256.</summary>
    public byte[]? Current { get; }

    /// <summary>Gets whether every entry must be keyed (<see cref="MarketingWorkflowsOptions.RequireKeyedHistory"/>).</summary>
    public bool Required { get; }

    /// <summary>Copies the keys out of validated options.</summary>
    public static HistoryKeyRing From(MarketingWorkflowsOptions options)
        => options.HistoryKeys.Count == 0 && options.HistoryKeyId is null
            ? None
            : new(options.HistoryKeyId, options.HistoryKeys.ToFrozenDictionary(k => k.Key, k => (byte[])k.Value.Clone(), StringComparer.Ordinal), options.RequireKeyedHistory);

    /// <summary>Creates a ring from keys given directly (for tools and tests).</summary>
    public static HistoryKeyRing Of(string? currentId, bool required, params (string Id, byte[] Key)[] keys)
        => new(currentId, keys.ToFrozenDictionary(k => k.Id, k => k.Key, StringComparer.Ordinal), required);

    /// <summary>Finds a key by its id.</summary>
    public bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);
}
