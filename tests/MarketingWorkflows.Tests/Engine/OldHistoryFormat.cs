using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>
/// The hash of history entries as written before entries recorded the instance after them,
/// spelled out here apart from the engine's code: SHA-256 over a compact JSON array of the
/// entry's fields in a fixed order, the time as UTC ticks in a string.
/// </summary>
internal static class OldHistoryFormat
{
    public static string Hash(HistoryEntry e) => Convert.ToHexStringLower(SHA256.HashData(Content(e)));

    /// <summary>Gets the bytes the old format hashes.</summary>
    public static byte[] Content(HistoryEntry e)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            w.WriteStringValue(e.PreviousHash);
            w.WriteStringValue(e.InstanceId);
            w.WriteNumberValue(e.Sequence);
            w.WriteStringValue(e.Kind.ToString());
            w.WriteStringValue(e.Trigger);
            w.WriteStringValue(e.Decision);
            w.WriteStringValue(e.Actor);
            w.WriteStringValue(e.OnBehalfOf);
            w.WriteStringValue(e.FromState);
            w.WriteStringValue(e.ToState);
            w.WriteStringValue(e.Comment);
            if (e.Arguments is { } arguments)
            {
                arguments.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteNumberValue(e.DataRevision);
            w.WriteNumberValue(e.DefinitionVersion);
            w.WriteStringValue(e.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
            w.WriteBooleanValue(e.SelfApproval);
            w.WriteEndArray();
        }

        return stream.ToArray();
    }

    /// <summary>Rewrites a history as it was written before: no version, digest or key, and the old hashes.</summary>
    public static List<HistoryEntry> Rewrite(IReadOnlyList<HistoryEntry> history)
    {
        var previous = string.Empty;
        var old = new List<HistoryEntry>();
        foreach (var entry in history)
        {
            var e = entry with { InstanceVersion = null, DataDigest = null, KeyId = null, PreviousHash = previous };
            e = e with { Hash = Hash(e) };
            old.Add(e);
            previous = e.Hash;
        }

        return old;
    }
}
