using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// The hash chain over an instance's history: each entry's hash is SHA-256 over the previous
/// entry's hash and the entry's content, written as compact JSON in a fixed field order.
/// </summary>
internal static class HistoryChain
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Computes an entry's hash (its <see cref="HistoryEntry.Hash"/> is ignored).</summary>
    public static string Compute(HistoryEntry entry)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(entry.PreviousHash);
            writer.WriteStringValue(entry.InstanceId);
            writer.WriteNumberValue(entry.Sequence);
            writer.WriteStringValue(entry.Kind.ToString());
            writer.WriteStringValue(entry.Trigger);
            writer.WriteStringValue(entry.Decision);
            writer.WriteStringValue(entry.Actor);
            writer.WriteStringValue(entry.OnBehalfOf);
            writer.WriteStringValue(entry.FromState);
            writer.WriteStringValue(entry.ToState);
            writer.WriteStringValue(entry.Comment);
            if (entry.Arguments is { } arguments)
            {
                arguments.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteNumberValue(entry.DataRevision);
            writer.WriteNumberValue(entry.DefinitionVersion);
            writer.WriteStringValue(entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
            writer.WriteBooleanValue(entry.SelfApproval);
            writer.WriteEndArray();
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Checks a history: sequence numbers, links and hashes.</summary>
    public static HistoryVerification Verify(IReadOnlyList<HistoryEntry> entries)
    {
        var previous = string.Empty;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence != i + 1)
            {
                return new HistoryVerification(false, entries.Count, entry.Sequence, $"entry {i + 1} has sequence number {entry.Sequence}: an entry is missing or out of order");
            }

            if (entry.PreviousHash != previous)
            {
                return new HistoryVerification(false, entries.Count, entry.Sequence, $"entry {entry.Sequence} does not link to the entry before it");
            }

            if (Compute(entry) != entry.Hash)
            {
                return new HistoryVerification(false, entries.Count, entry.Sequence, $"entry {entry.Sequence} does not match its hash: its content was changed");
            }

            previous = entry.Hash;
        }

        return new HistoryVerification(true, entries.Count);
    }
}
