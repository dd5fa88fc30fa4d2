using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// What a keyed request was, so that a key sent again is replayed only for the same request. The
/// fingerprint is the operation, a colon, and the SHA-256 of a canonical encoding of everything
/// that makes the request what it is: the instance (or the process and version to start), the
/// trigger, decision, checklist item and action, or link, the arguments, data or changes, the
/// comment or reason, the user acted for, and a start's links. The encoding is a compact JSON
/// array, so each part is delimited and the whitespace of the caller's JSON does not count. The
/// expected version does not count: a retry may well name a version the first attempt moved on
/// from. The caller does not count either: keys are scoped by caller in the store.
/// </summary>
internal static class RequestFingerprint
{
    public const string Start = "start";
    public const string Fire = "fire";
    public const string Decide = "decide";
    public const string Checklist = "checklist";
    public const string Data = "data";
    public const string Link = "link";

    // Raised when the encoding changes, so that a fingerprint of the old encoding never matches.
    private const int Encoding = 1;

    public static string OfStart(string processId, int? version, JsonElement data, Actor actor, IReadOnlyList<InstanceLink>? links)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Start))
        {
            w.WriteStringValue(processId);
            if (version is { } v)
            {
                w.WriteNumberValue(v);
            }
            else
            {
                w.WriteNullValue();
            }

            Json(w, data);
            Text(w, actor.OnBehalfOf);
            w.WriteStartArray();
            foreach (var link in links ?? [])
            {
                w.WriteStringValue(link?.Relation);
                w.WriteStringValue(link?.InstanceId ?? Guid.Empty);
            }

            w.WriteEndArray();
            w.WriteEndArray();
        }

        return Hash(Start, buffer);
    }

    public static string OfFire(ProcessCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Fire))
        {
            w.WriteStringValue(command.InstanceId);
            w.WriteStringValue(command.Trigger);
            Json(w, command.Arguments);
            Text(w, command.Comment);
            Text(w, command.Actor.OnBehalfOf);
            w.WriteEndArray();
        }

        return Hash(Fire, buffer);
    }

    public static string OfDecision(Guid instanceId, string decision, string? comment, Actor actor)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Decide))
        {
            w.WriteStringValue(instanceId);
            w.WriteStringValue(decision);
            Text(w, comment);
            Text(w, actor.OnBehalfOf);
            w.WriteEndArray();
        }

        return Hash(Decide, buffer);
    }

    public static string OfChecklist(ChecklistCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Checklist))
        {
            w.WriteStringValue(command.InstanceId);
            w.WriteStringValue(command.ItemId);
            w.WriteStringValue(command.Action.ToString());
            Text(w, command.Reason);
            Text(w, command.Actor.OnBehalfOf);
            w.WriteEndArray();
        }

        return Hash(Checklist, buffer);
    }

    public static string OfData(DataCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Data))
        {
            w.WriteStringValue(command.InstanceId);
            Json(w, command.Changes);
            Text(w, command.Comment);
            Text(w, command.Actor.OnBehalfOf);
            w.WriteEndArray();
        }

        return Hash(Data, buffer);
    }

    public static string OfLink(Guid instanceId, InstanceLink link, Actor actor)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = Open(buffer, Link))
        {
            w.WriteStringValue(instanceId);
            w.WriteStringValue(link.Relation);
            w.WriteStringValue(link.InstanceId);
            Text(w, actor.OnBehalfOf);
            w.WriteEndArray();
        }

        return Hash(Link, buffer);
    }

    /// <summary>Gets the operation a fingerprint was made for, or an empty string when it names none (a key recorded before fingerprints).</summary>
    public static string OperationOf(string fingerprint)
    {
        var colon = fingerprint.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : fingerprint[..colon];
    }

    /// <summary>
    /// The refusal of a key sent again with another request: what the key was used for, and what
    /// this request is. <paramref name="firstProcessId"/> is the process of the instance the key's
    /// command started or changed, or <see langword="null"/> when that instance is not found.
    /// </summary>
    public static IdempotencyKeyReusedException Reused(IdempotencyRecord request, RecordedCommand earlier, string? firstProcessId, Guid? instanceId, string? processId)
    {
        var firstOperation = OperationOf(earlier.Record.Fingerprint);
        var operation = OperationOf(request.Fingerprint);
        var firstWhat = firstOperation == Start
            ? $"to start instance {earlier.InstanceId}{(firstProcessId is null ? string.Empty : $" of '{firstProcessId}'")}"
            : $"for '{firstOperation}' on instance {earlier.InstanceId}";
        var what = operation == Start
            ? $"to start a '{processId}' instance"
            : $"for '{operation}' on instance {instanceId}";
        var sameTarget = operation == Start ? firstProcessId == processId : earlier.InstanceId == instanceId;
        var differs = firstOperation == operation && sameTarget
            ? " with other " + operation switch
            {
                Start => "data, version, links or user acted for",
                Fire => "trigger, arguments, comment or user acted for",
                Decide => "decision, comment or user acted for",
                Checklist => "item, action, reason or user acted for",
                Data => "changes, comment or user acted for",
                _ => "link or user acted for",
            }
            : string.Empty;
        return new IdempotencyKeyReusedException(
            request.Key,
            request.Caller,
            $"The idempotency key '{request.Key}' of {request.Caller} was used {firstWhat}; this request is {what}{differs}. A key stands for one request: send this one with a new key.");
    }

    private static Utf8JsonWriter Open(ArrayBufferWriter<byte> buffer, string operation)
    {
        // Compact, and escaping only what JSON requires, so equal requests encode to equal bytes.
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        writer.WriteNumberValue(Encoding);
        writer.WriteStringValue(operation);
        return writer;
    }

    private static void Text(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void Json(Utf8JsonWriter writer, JsonElement? value)
    {
        if (value is not { ValueKind: not JsonValueKind.Undefined } element)
        {
            writer.WriteNullValue();
            return;
        }

        // Written token by token: the caller's whitespace and layout do not reach the encoding.
        element.WriteTo(writer);
    }

    private static string Hash(string operation, ArrayBufferWriter<byte> buffer)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return operation + ":" + Convert.ToHexStringLower(hash);
    }
}
