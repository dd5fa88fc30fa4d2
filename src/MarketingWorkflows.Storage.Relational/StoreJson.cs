using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>How the SQL stores write instances and lists as JSON in their rows.</summary>
public static class StoreJson
{
    /// <summary>Writes an instance as the JSON of its row's <c>body</c>.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The JSON.</returns>
    public static string WriteInstance(ProcessInstance instance) => JsonSerializer.Serialize(instance, StoreJsonContext.Default.ProcessInstance);

    /// <summary>Reads an instance from the JSON <see cref="WriteInstance"/> wrote.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="JsonException">The JSON is not an instance.</exception>
    public static ProcessInstance ReadInstance(string json)
        => JsonSerializer.Deserialize(json, StoreJsonContext.Default.ProcessInstance) ?? throw new JsonException("An instance row holds null.");

    /// <summary>Writes a list of strings as a JSON array.</summary>
    /// <param name="values">The strings.</param>
    /// <returns>The JSON.</returns>
    public static string WriteStrings(IReadOnlyList<string> values) => JsonSerializer.Serialize(values, StoreJsonContext.Default.IReadOnlyListString);

    /// <summary>Reads a JSON array of strings.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The strings.</returns>
    public static IReadOnlyList<string> ReadStrings(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.IReadOnlyListString) ?? [];

    /// <summary>Parses JSON into an element that outlives the parse.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The element.</returns>
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Serialization metadata for the store's JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProcessInstance))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
