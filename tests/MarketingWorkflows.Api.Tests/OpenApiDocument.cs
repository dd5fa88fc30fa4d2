using System.Text.Json.Nodes;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The host's OpenAPI document, as served, and the copy the generated client was made from.</summary>
internal static class OpenApiDocument
{
    /// <summary>The copy beside the generated client; eng/generate-client.sh regenerates the client from it.</summary>
    public static string CheckedInPath => Path.Combine(RepositoryRoot(), "tests", "MarketingWorkflows.Api.Client", "openapi.json");

    /// <summary>Gets the document the host serves, without its servers (they name the address it was read from).</summary>
    public static async Task<JsonObject> ReadAsync(ApiFactory factory)
    {
        using var client = factory.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        document.Remove("servers");
        return document;
    }

    /// <summary>Writes a document the way the checked-in copy is written.</summary>
    public static string Format(JsonObject document)
        => document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    /// <summary>Gets every operation: path, method and the operation object.</summary>
    public static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document)
        => from path in document["paths"]!.AsObject()
           from method in path.Value!.AsObject()
           where method.Key is "get" or "post" or "put" or "patch" or "delete"
           select (path.Key, method.Key.ToUpperInvariant(), method.Value!.AsObject());

    /// <summary>Follows a <c>$ref</c> to its schema in the components, or gives the schema back.</summary>
    public static JsonObject Resolve(JsonObject document, JsonObject schema)
        => schema["$ref"]?.GetValue<string>() is { } reference
            ? Resolve(document, document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!.AsObject())
            : schema;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MarketingWorkflows.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No MarketingWorkflows.sln above {AppContext.BaseDirectory}.");
    }
}
