using System;
using System.Collections.Generic;
using MarketingWorkflows.Definitions.Files;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// A file syntax definitions can be written in. JSON is built in; YAML comes with the
/// MarketingWorkflows.Yaml package. Every syntax reads the same format into the same model.
/// </summary>
public abstract class DefinitionSyntax
{
    private protected DefinitionSyntax()
    {
    }

    /// <summary>Gets the JSON syntax (comments and trailing commas are accepted).</summary>
    public static DefinitionSyntax Json { get; } = new JsonDefinitionSyntax();

    /// <summary>Gets the syntax's name, such as <c>JSON</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the file extensions the syntax reads, with the dot, such as <c>.json</c>.</summary>
    public abstract IReadOnlyList<string> FileExtensions { get; }

    /// <summary>Parses text into a node tree, reporting syntax errors by line and column.</summary>
    internal abstract SourceNode? Parse(string text, Action<int, int, string> error);

    /// <summary>Returns the syntax's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    private sealed class JsonDefinitionSyntax : DefinitionSyntax
    {
        public override string Name => "JSON";

        public override IReadOnlyList<string> FileExtensions { get; } = [".json"];

        internal override SourceNode? Parse(string text, Action<int, int, string> error) => JsonSourceParser.Parse(text, error);
    }
}
