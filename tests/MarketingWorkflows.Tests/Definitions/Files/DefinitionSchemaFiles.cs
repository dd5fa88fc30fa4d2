extern alias JsonSchemaNet;

using System.Text.Json;
using JsonSchemaNet::Json.Schema;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Files;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>
/// docs/process-definition.schema.json as an editor applies it: definition files become JSON
/// through the loader's own node tree (so a plain YAML <c>true</c> is a boolean and a quoted
/// <c>"true"</c> a string, as the reader reads them) and are evaluated against the schema. A key
/// given twice in one map keeps its first value, as the loader does.
/// </summary>
internal static class DefinitionSchemaFiles
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "process-definition.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Converts a definition file's text to JSON, or returns null when it is not well-formed YAML or JSON.</summary>
    public static JsonElement? ToJson(string text, string fileName, ProcessDefinitionLoader loader)
    {
        var extension = Path.GetExtension(fileName);
        var syntax = loader.Syntaxes.Single(s => s.FileExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
        var wellFormed = true;
        var root = syntax.Parse(text, (_, _, _) => wellFormed = false);
        if (!wellFormed || root is null)
        {
            return null;
        }

        DropRepeatedKeys(root);
        return DefinitionReader.ToJson(root);
    }

    /// <summary>Evaluates a document against the schema and returns its errors, one line each, empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonElement document)
    {
        var results = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["(the schema rejects the document without saying where)"];
    }

    private static void DropRepeatedKeys(SourceNode node)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        node.Entries.RemoveAll(e => !seen.Add(e.Key));
        foreach (var child in node.Entries.Select(e => e.Value).Concat(node.Items))
        {
            DropRepeatedKeys(child);
        }
    }
}
