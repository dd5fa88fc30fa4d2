using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Versions;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Gives a definition's text another version number, keeping the author's text (its layout and
/// comments) wherever the number can be changed in place, and checks the result says the same.
/// </summary>
internal static partial class DefinitionText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="definition"/>, loaded from <paramref name="text"/>, as version <paramref name="version"/>.</summary>
    /// <returns>The text and its syntax, and the definition it loads as.</returns>
    public static (string Text, bool Yaml, ProcessDefinition Definition) WithVersion(ProcessDefinitionLoader loader, string text, bool yaml, ProcessDefinition definition, int version)
    {
        var candidate = yaml ? InYaml(text, version) : InJson(text, version);
        if (candidate is not null && Check(loader, candidate, yaml, definition, version) is { } loaded)
        {
            return (candidate, yaml, loaded);
        }

        // A layout the number cannot be found in (flow style, say): the definition's own JSON.
        var canonical = InJson(definition.ToJson(), version)!;
        return (canonical, false, Check(loader, canonical, false, definition, version)
            ?? throw new InvalidOperationException($"The definition {definition} does not load again as version {version}."));
    }

    private static string? InYaml(string text, int version)
    {
        var line = $"version: {version}";
        if (VersionLine().IsMatch(text))
        {
            return VersionLine().Replace(text, line, 1);
        }

        var id = IdLine().Match(text);
        return id.Success ? text.Insert(id.Index + id.Length, Environment.NewLine + line) : null;
    }

    private static string? InJson(string text, int version)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject root)
            {
                return null;
            }

            root["version"] = version;
            return root.ToJsonString(Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProcessDefinition? Check(ProcessDefinitionLoader loader, string text, bool yaml, ProcessDefinition definition, int version)
    {
        var loaded = loader.Load(text, yaml ? "published.yaml" : "published.json").Definition;
        return loaded is not null && loaded.Version == version && ProcessDefinitionDiff.Compare(definition, loaded).IsEmpty ? loaded : null;
    }

    // A top-level key starts at column 0; the value runs to a comment or the end of the line.
    [GeneratedRegex(@"^version[ \t]*:[ \t]*[^\r\n#]*?(?=[ \t]*(#|\r?$))", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^id[ \t]*:[^\r\n]*?(?=\r?$)", RegexOptions.Multiline)]
    private static partial Regex IdLine();
}
