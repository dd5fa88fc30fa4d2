using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// The hash chain over an instance's history: each entry's hash is SHA-256 over the previous
/// entry's hash and the entry's content, written as compact JSON in a fixed field order.
/// </summary>
internal static class HistoryChain
{
    private static readonly string[] KindNames = Enum.GetNames<HistoryKind>();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Computes an entry's hash (its <see cref="HistoryEntry.Hash"/> is ignored).</summary>
    public static string Compute(HistoryEntry entry)
        => Compute(entry.PreviousHash, entry.InstanceId, entry.Sequence, entry.Kind, entry.Trigger, entry.Decision, entry.Actor, entry.OnBehalfOf, entry.FromState, entry.ToState, entry.Comment, entry.Arguments, entry.DataRevision, entry.DefinitionVersion, entry.At, entry.SelfApproval);

    /// <summary>Computes the hash of an entry with these fields, before the entry exists.</summary>
    public static string Compute(
        string previousHash,
        Guid instanceId,
        long sequence,
        HistoryKind kind,
        string? trigger,
        string? decision,
        string actor,
        string? onBehalfOf,
        string fromState,
        string toState,
        string? comment,
        JsonElement? arguments,
        long dataRevision,
        int definitionVersion,
        DateTimeOffset at,
        bool selfApproval)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            // Skipping the writer's structure checks changes no byte it writes: the structure is fixed here.
            t_writer = writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartArray();
        writer.WriteStringValue(previousHash);
        writer.WriteStringValue(instanceId);
        writer.WriteNumberValue(sequence);
        writer.WriteStringValue(KindName(kind));
        writer.WriteStringValue(trigger);
        writer.WriteStringValue(decision);
        writer.WriteStringValue(actor);
        writer.WriteStringValue(onBehalfOf);
        writer.WriteStringValue(fromState);
        writer.WriteStringValue(toState);
        writer.WriteStringValue(comment);
        if (arguments is { } value)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteNumberValue(dataRevision);
        writer.WriteNumberValue(definitionVersion);
        Span<byte> ticks = stackalloc byte[20];
        Utf8Formatter.TryFormat(at.UtcTicks, ticks, out var length);
        writer.WriteStringValue(ticks[..length]);
        writer.WriteBooleanValue(selfApproval);
        writer.WriteEndArray();
        writer.Flush();

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

    private static string KindName(HistoryKind kind)
    {
        // The kinds are numbered from zero without gaps, so a kind's name is at its number.
        var index = (int)kind;
        return (uint)index < (uint)KindNames.Length ? KindNames[index] : kind.ToString();
    }
}
