using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// The hash chain over an instance's history: each entry's hash is taken over the previous
/// entry's hash and the entry's content, written as compact JSON in a fixed field order —
/// HMAC-SHA256 with the entry's key, or SHA-256 when it has none. An entry that records what the
/// instance is after it (a data digest) adds its instance version, digest and key id to the
/// content; an entry written before entries recorded them is hashed as it was then.
/// </summary>
internal static class HistoryChain
{
    private static readonly string[] KindNames = Enum.GetNames<HistoryKind>();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Computes an entry's hash (its <see cref="HistoryEntry.Hash"/> is ignored) with the key its <see cref="HistoryEntry.KeyId"/> names.</summary>
    public static string Compute(HistoryEntry entry, byte[]? key)
        => Compute(entry.PreviousHash, entry.InstanceId, entry.Sequence, entry.Kind, entry.Trigger, entry.Decision, entry.Actor, entry.OnBehalfOf, entry.FromState, entry.ToState, entry.Comment, entry.Arguments, entry.DataRevision, entry.DefinitionVersion, entry.At, entry.SelfApproval, entry.InstanceVersion, entry.DataDigest, entry.KeyId, key);

    /// <summary>Computes the hash of an entry with these fields, before the entry exists.</summary>
    /// <remarks>A <see langword="null"/> <paramref name="dataDigest"/> selects the format of entries written before entries recorded it.</remarks>
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
        bool selfApproval,
        long? instanceVersion,
        string? dataDigest,
        string? keyId,
        byte[]? key)
    {
        var writer = Writer(out var buffer);
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
        if (dataDigest is not null)
        {
            // What the instance is after the entry, and which key: in the hash, so neither can be changed alone.
            if (instanceVersion is { } version)
            {
                writer.WriteNumberValue(version);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStringValue(dataDigest);
            writer.WriteStringValue(keyId);
        }

        writer.WriteEndArray();
        writer.Flush();

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (key is null)
        {
            SHA256.HashData(buffer.WrittenSpan, hash);
        }
        else
        {
            HMACSHA256.HashData(key, buffer.WrittenSpan, hash);
        }

        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Computes the digest of an instance's data: SHA-256 over the data written as compact JSON
    /// (properties in their order, strings escaped as the writer escapes them, numbers as written),
    /// so the same data read back from any store gives the same digest.
    /// </summary>
    public static string DataDigest(JsonElement data)
    {
        var writer = Writer(out var buffer);
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            data.WriteTo(writer);
        }

        writer.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Checks a history with no keys configured: sequence numbers, links, hashes and states.</summary>
    public static HistoryVerification Verify(IReadOnlyList<HistoryEntry> entries) => Verify(entries, HistoryKeyRing.None);

    /// <summary>
    /// Checks a history: sequence numbers 1 to n, each entry linking to the one before it, each
    /// entry's hash (with its key), each entry starting in the state the one before it ended in,
    /// and no entry written in an older format or without a key after one in the newer format or
    /// with a key. Stops at the first problem.
    /// </summary>
    public static HistoryVerification Verify(IReadOnlyList<HistoryEntry> entries, HistoryKeyRing keys)
    {
        HistoryEntry? before = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence != i + 1)
            {
                return Invalid(entries.Count, entry.Sequence, "sequence", $"entry {i + 1} has sequence number {entry.Sequence}: an entry is missing or out of order");
            }

            var previous = before?.Hash ?? string.Empty;
            if (entry.PreviousHash != previous)
            {
                return Invalid(entries.Count, entry.Sequence, "previousHash", $"entry {entry.Sequence} does not link to the entry before it: its previous hash is '{entry.PreviousHash}', expected '{previous}'");
            }

            if (HashProblem(entry, keys) is { } hashProblem)
            {
                return Invalid(entries.Count, entry.Sequence, hashProblem.Field, hashProblem.Problem);
            }

            if (before is not null)
            {
                if (entry.FromState != before.ToState)
                {
                    return Invalid(entries.Count, entry.Sequence, "fromState", $"entry {entry.Sequence} starts in '{entry.FromState}', but entry {before.Sequence} ended in '{before.ToState}'");
                }

                if (entry.DataDigest is null && before.DataDigest is not null)
                {
                    return Invalid(entries.Count, entry.Sequence, "dataDigest", $"entry {entry.Sequence} has no data digest, but entry {before.Sequence} has one: an entry in the older format cannot follow one in the newer, so it was rewritten");
                }

                if (entry.KeyId is null && before.KeyId is { } keyed)
                {
                    return Invalid(entries.Count, entry.Sequence, "keyId", $"entry {entry.Sequence} is not keyed, but entry {before.Sequence} is keyed with '{keyed}': it was rewritten without the key, or HistoryKeyId was removed from the options (keep it set once histories are keyed)");
                }
            }

            before = entry;
        }

        return new HistoryVerification(true, entries.Count);
    }

    /// <summary>
    /// Checks an instance's row against its last history entry: the state, history head and
    /// count, data revision and definition version, and — for an entry that records them — the
    /// version and the data digest. With <paramref name="checkHash"/>, the last entry's own hash
    /// too (the whole chain is checked by <see cref="Verify(IReadOnlyList{HistoryEntry}, HistoryKeyRing)"/>).
    /// </summary>
    /// <returns>The first mismatch, or <see langword="null"/> when the row is what the entry says.</returns>
    public static HistoryVerification? CheckRow(ProcessInstance instance, HistoryEntry? last, HistoryKeyRing keys, bool checkHash)
    {
        if (last is null)
        {
            return Invalid(0, 1, "historyCount", $"instance {instance.Id} records {instance.HistoryCount} history entries ending in '{instance.HistoryHead}', but it has none: its history was removed");
        }

        var n = last.Sequence;
        if (checkHash && HashProblem(last, keys) is { } hashProblem)
        {
            return Invalid(n, n, hashProblem.Field, hashProblem.Problem);
        }

        if (instance.HistoryCount != n)
        {
            return Row(n, "historyCount", $"the instance records {instance.HistoryCount} history entries, but its last entry is number {n}: entries were removed or added");
        }

        if (instance.HistoryHead != last.Hash)
        {
            return Row(n, "historyHead", $"the instance's history head is '{instance.HistoryHead}', but its last entry ({n}) has the hash '{last.Hash}'");
        }

        if (instance.State != last.ToState)
        {
            return Row(n, "state", $"the instance is in '{instance.State}', but its last history entry ({n}) leaves it in '{last.ToState}'");
        }

        if (instance.DefinitionVersion != last.DefinitionVersion)
        {
            return Row(n, "definitionVersion", $"the instance runs on definition version {instance.DefinitionVersion}, but its last history entry ({n}) says {last.DefinitionVersion}");
        }

        if (instance.DataRevision != last.DataRevision)
        {
            return Row(n, "dataRevision", $"the instance's data revision is {instance.DataRevision}, but its last history entry ({n}) says {last.DataRevision}");
        }

        if (last.DataDigest is null)
        {
            // An entry from before entries recorded the version and data: what it records is checked.
            return null;
        }

        if (instance.Version != last.InstanceVersion)
        {
            return Row(n, "version", $"the instance is at version {instance.Version}, but its last history entry ({n}) says {last.InstanceVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
        }

        var digest = DataDigest(instance.Data);
        if (digest != last.DataDigest)
        {
            return Row(n, "data", $"the instance's data has the digest '{digest}', but its last history entry ({n}) recorded '{last.DataDigest}': the data was changed outside the engine");
        }

        return null;

        static HistoryVerification Row(long n, string field, string problem) => Invalid(n, n, field, problem);
    }

    private static (string Field, string Problem)? HashProblem(HistoryEntry entry, HistoryKeyRing keys)
    {
        byte[]? key = null;
        if (entry.KeyId is null && keys.Required)
        {
            return ("keyId", $"entry {entry.Sequence} is not keyed, but RequireKeyedHistory is set: it was written or rewritten without the history key");
        }

        if (entry.KeyId is { } keyId && !keys.TryGet(keyId, out key))
        {
            return ("keyId", $"entry {entry.Sequence} is keyed with '{keyId}', which is not configured in HistoryKeys; add that key to verify it");
        }

        var expected = Compute(entry, key);
        if (expected == entry.Hash)
        {
            return null;
        }

        return ("hash", entry.KeyId is { } id
            ? $"entry {entry.Sequence} does not match its hash with the key '{id}': its content was changed, or it was not written with that key"
            : $"entry {entry.Sequence} does not match its hash: its content was changed");
    }

    private static HistoryVerification Invalid(long entries, long sequence, string field, string problem)
        => new(false, entries, sequence, problem) { Field = field };

    private static Utf8JsonWriter Writer(out ArrayBufferWriter<byte> buffer)
    {
        buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
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

        return writer;
    }

    private static string KindName(HistoryKind kind)
    {
        // The kinds are numbered from zero without gaps, so a kind's name is at its number.
        var index = (int)kind;
        return (uint)index < (uint)KindNames.Length ? KindNames[index] : kind.ToString();
    }
}
