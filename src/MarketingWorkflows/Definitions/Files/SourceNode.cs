using System.Collections.Generic;

namespace MarketingWorkflows.Definitions.Files;

internal enum SourceKind
{
    Map,
    List,
    Scalar,
}

internal enum ScalarStyle
{
    /// <summary>Unquoted: YAML plain scalars, JSON numbers, booleans and null.</summary>
    Plain,

    /// <summary>Quoted on one line: the text starts one column after the node.</summary>
    Quoted,

    /// <summary>A YAML block scalar (| or &gt;): the text starts on the next line.</summary>
    Block,
}

/// <summary>
/// A node of a definition file, whatever its syntax, with the 1-based line and column where it
/// starts. Maps keep their keys in file order.
/// </summary>
internal sealed class SourceNode
{
    private SourceNode(SourceKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public SourceKind Kind { get; }

    public int Line { get; }

    public int Column { get; }

    public List<SourceEntry> Entries { get; } = [];

    public List<SourceNode> Items { get; } = [];

    /// <summary>Gets the scalar's text (<see langword="null"/> for null).</summary>
    public string? Text { get; private init; }

    public ScalarStyle Style { get; private init; }

    public bool IsNull => Kind == SourceKind.Scalar && Text is null;

    public static SourceNode Map(int line, int column) => new(SourceKind.Map, line, column);

    public static SourceNode List(int line, int column) => new(SourceKind.List, line, column);

    public static SourceNode Scalar(string? text, ScalarStyle style, int line, int column) => new(SourceKind.Scalar, line, column) { Text = text, Style = style };

    public string Describe() => Kind switch
    {
        SourceKind.Map => "a map of keys",
        SourceKind.List => "a list",
        _ when IsNull => "nothing (null)",
        _ => $"the value '{Text}'",
    };
}

internal sealed record SourceEntry(string Key, SourceNode KeyNode, SourceNode Value);
