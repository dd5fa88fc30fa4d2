using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Json;

/// <summary>How the database stores write instances, command results and lists as JSON (compiled into each store package).</summary>
internal static class StoreJson
{
    public static string WriteInstance(ProcessInstance instance) => JsonSerializer.Serialize(instance, StoreJsonContext.Default.ProcessInstance);

    public static ProcessInstance ReadInstance(string json)
        => JsonSerializer.Deserialize(json, StoreJsonContext.Default.ProcessInstance) ?? throw new JsonException("An instance row holds null.");

    public static string WriteCommand(ProcessInstance instance, IReadOnlyList<ProcessEvent> events)
        => JsonSerializer.Serialize(
            new StoredCommand(instance, [.. events.Select(e => new StoredEvent(e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time, e.Data))]),
            StoreJsonContext.Default.StoredCommand);

    public static CommandResult ReadCommand(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StoreJsonContext.Default.StoredCommand) ?? throw new JsonException("A command row holds null.");
        return new CommandResult(stored.Instance, [.. stored.Events.Select(e => new ProcessEvent(e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time, e.Data))], Replayed: true);
    }

    public static string WriteStrings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values, StoreJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ReadStrings(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.IReadOnlyListString) ?? [];

    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>What an instance's awaiting and link rows are written from, as strings to compare: a store rewrites the rows only when these change.</summary>
internal static class StoreKeys
{
    /// <summary>Gets what an instance's awaiting rows are written from; the rows also carry whether the instance is completed.</summary>
    public static string AwaitingKeyOf(ProcessInstance instance)
        => (instance.IsCompleted ? "1" : "0") + string.Join('\u001f', instance.AwaitingUsers) + "\u001e" + string.Join('\u001f', instance.AwaitingRoles);

    /// <summary>Gets what an instance's link rows are written from.</summary>
    public static string LinksKeyOf(ProcessInstance instance)
        => string.Join('\u001f', instance.Links.Select(l => l.Relation + "\u001e" + l.InstanceId.ToString("D", System.Globalization.CultureInfo.InvariantCulture)));
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
internal sealed partial class StoreJsonContext : JsonSerializerContext;
