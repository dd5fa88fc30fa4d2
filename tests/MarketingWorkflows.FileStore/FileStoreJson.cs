using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The files of a <see cref="FileProcessStore"/> and how they are written and read.</summary>
internal static class FileStoreJson
{
    // The public records go through System.Text.Json as they are: camelCase names, enums by name.
    // Not indented: an instance's data reads back with the raw text it was committed with.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Gives a JSON value as compact text, whatever whitespace the file has (a file may be edited by hand).</summary>
    public static string CompactText(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a file whole or not at all: to a temporary file beside it, flushed, then moved over it.</summary>
    public static void Write<T>(string path, T value)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, Options);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a file, or gives <see langword="null"/> when there is none (also when it went while being listed).</summary>
    public static T? Read<T>(string path)
        where T : class
    {
        FileStream stream;
        try
        {
            // Shared for delete, so that a writer can move a new version over the file while it is read.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        using (stream)
        {
            return JsonSerializer.Deserialize<T>(stream, Options) ?? throw new JsonException($"The store file '{path}' holds null.");
        }
    }

    /// <summary>Reads every file of a folder, in the order of their names (temporary files are not listed).</summary>
    public static List<(string Path, T Value)> ReadAll<T>(string folder)
        where T : class
    {
        var found = new List<(string, T)>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            if (Read<T>(path) is { } value)
            {
                found.Add((path, value));
            }
        }

        return found;
    }
}

/// <summary>The file of one instance: the instance, its whole history and its timers.</summary>
internal sealed record InstanceFile(ProcessInstance Instance, IReadOnlyList<HistoryEntry> History, IReadOnlyList<ProcessTimer> Timers);

/// <summary>An event as a file holds it, built back through <see cref="ProcessEvent"/>'s public constructor.</summary>
internal sealed record StoredEvent(Guid Id, string Type, string ProcessId, Guid InstanceId, long InstanceVersion, DateTimeOffset Time, JsonElement Data)
{
    public static StoredEvent From(ProcessEvent e) => new(e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time, e.Data);

    public ProcessEvent ToEvent() => new(Id, Type, ProcessId, InstanceId, InstanceVersion, Time, Data);
}

/// <summary>The file of one outbox entry; <see cref="Sequence"/> (also its name) is the order commands committed it.</summary>
internal sealed record OutboxFile(long Sequence, StoredEvent Event, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, IReadOnlyList<string> HandledBy, DateTimeOffset? LeaseUntil)
{
    public OutboxEntry ToEntry() => new(Event.ToEvent(), Status, Attempts, NextAttemptAt, LastError) { HandledBy = HandledBy };
}

/// <summary>The file of one idempotency record, with the instance and version its command produced.</summary>
internal sealed record CommandFile(IdempotencyRecord Record, Guid InstanceId, long InstanceVersion)
{
    public RecordedCommand ToRecorded() => new(Record, InstanceId, InstanceVersion);
}
