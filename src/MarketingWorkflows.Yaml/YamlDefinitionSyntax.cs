using System;
using System.Collections.Generic;
using System.IO;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Files;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MarketingWorkflows.Yaml;

/// <summary>
/// Reads YAML into the definition node tree with positions, using YamlDotNet's parser only (no
/// object mapping, no tags, no type conversion): every scalar stays text until the reader gives
/// it a meaning, so <c>NO</c> stays a country code and <c>010</c> stays "010".
/// </summary>
internal sealed class YamlDefinitionSyntax : DefinitionSyntax
{
    private const int MaxDepth = 64;

    public override string Name => "YAML";

    public override IReadOnlyList<string> FileExtensions { get; } = [".yaml", ".yml"];

    internal override SourceNode? Parse(string text, Action<int, int, string> error)
    {
        var last = new Position();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                error(1, 1, "The file is empty. A definition file holds one YAML map with at least 'id' and 'states'.");
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, SourceNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, anchors, 0, last);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current!;
                error((int)next.Start.Line, (int)next.Start.Column, "The file holds a second YAML document ('---'). A file holds exactly one definition.");
                return null;
            }

            return root;
        }
        catch (YamlException ex)
        {
            error((int)ex.Start.Line, (int)ex.Start.Column, "This is not valid YAML: " + Reason(ex.Message));
            return null;
        }
        catch (DepthException ex)
        {
            error(ex.Line, ex.Column, $"The file nests more than {MaxDepth} levels deep.");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up without a position on some malformed input.
            error(last.Line, last.Column, "This is not valid YAML after this point: look for a '{' or '[' that is never closed, or a quote that is never ended.");
            return null;
        }
    }

    private static string Reason(string message)
    {
        // YamlDotNet prefixes its messages with the position, which the error already carries.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var reason = cut > 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
        reason = reason.Trim();
        return reason.EndsWith('.') ? reason : reason + ".";
    }

    private static SourceNode? ReadNode(IParser parser, Dictionary<string, SourceNode> anchors, int depth, Position last)
    {
        var current = parser.Current ?? throw new InvalidOperationException("The YAML parser stopped early.");
        var line = (int)current.Start.Line;
        var column = (int)current.Start.Column;
        (last.Line, last.Column) = (line, column);
        if (depth > MaxDepth)
        {
            throw new DepthException(line, column);
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    return anchored;
                }

                throw new YamlException(alias.Start, alias.End, $"The alias '*{alias.Value}' refers to no anchor defined before it.");

            case Scalar scalar:
                parser.MoveNext();
                var node = SourceNode.Scalar(ScalarText(scalar), Style(scalar.Style), line, column);
                Remember(scalar.Anchor, node, anchors);
                return node;

            case SequenceStart start:
                parser.MoveNext();
                var list = SourceNode.List(line, column);
                Remember(start.Anchor, list, anchors);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    list.Items.Add(ReadNode(parser, anchors, depth + 1, last)!);
                }

                return list;

            case MappingStart start:
                parser.MoveNext();
                var map = SourceNode.Map(line, column);
                Remember(start.Anchor, map, anchors);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, anchors, depth + 1, last)!;
                    var value = ReadNode(parser, anchors, depth + 1, last)!;
                    if (keyNode.Kind != SourceKind.Scalar || keyNode.IsNull)
                    {
                        throw new YamlException(new Mark(0, keyNode.Line, keyNode.Column), new Mark(0, keyNode.Line, keyNode.Column), "A key must be a plain name such as 'states'.");
                    }

                    map.Entries.Add(new SourceEntry(keyNode.Text!, keyNode, value));
                }

                return map;

            default:
                throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name}.");
        }
    }

    private static void Remember(AnchorName anchor, SourceNode node, Dictionary<string, SourceNode> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static string? ScalarText(Scalar scalar)
        => scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL"
            ? null
            : scalar.Value;

    private static Definitions.Files.ScalarStyle Style(YamlDotNet.Core.ScalarStyle style) => style switch
    {
        YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted => Definitions.Files.ScalarStyle.Quoted,
        YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded => Definitions.Files.ScalarStyle.Block,
        _ => Definitions.Files.ScalarStyle.Plain,
    };

    private sealed class Position
    {
        public int Line { get; set; } = 1;

        public int Column { get; set; } = 1;
    }

    private sealed class DepthException(int line, int column) : Exception
    {
        public int Line { get; } = line;

        public int Column { get; } = column;
    }
}
