using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketingWorkflows.Engine;

namespace MarketingWorkflows.Sqlite;

/// <summary>How the store writes instances, command results and lists as JSON.</summary>
internal static class SqliteJson
{
    public static string WriteInstance(ProcessInstance instance) => JsonSerializer.Serialize(instance, SqliteJsonContext.Default.ProcessInstance);

    public static ProcessInstance ReadInstance(string json)
        => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.ProcessInstance) ?? throw new JsonException("An instance row holds null.");

    public static string WriteCommand(ProcessInstance instance, IReadOnlyList<ProcessEvent> events)
        => JsonSerializer.Serialize(
            new StoredCommand(instance, [.. events.Select(e => new StoredEvent(e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time, e.Data))]),
            SqliteJsonContext.Default.StoredCommand);

    public static CommandResult ReadCommand(string json)
    {
        var stored = JsonSerializer.Deserialize(json, SqliteJsonContext.Default.StoredCommand) ?? throw new JsonException("A command row holds null.");
        return new CommandResult(stored.Instance, [.. stored.Events.Select(e => new ProcessEvent(e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time, e.Data))], Replayed: true);
    }

    public static string WriteStrings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values, SqliteJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ReadStrings(string json) => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.IReadOnlyListString) ?? [];

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>A command's first result, kept under its idempotency key.</summary>
internal sealed record StoredCommand(ProcessInstance Instance, IReadOnlyList<StoredEvent> Events);

/// <summary>An event of a stored command result.</summary>
internal sealed record StoredEvent(Guid Id, string Type, string ProcessId, Guid InstanceId, long InstanceVersion, DateTimeOffset Time, JsonElement Data);

/// <summary>Serialization metadata for the store's JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProcessInstance))]
[JsonSerializable(typeof(StoredCommand))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
