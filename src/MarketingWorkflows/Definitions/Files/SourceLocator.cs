using System.Collections.Generic;
using MarketingWorkflows.Definitions.Internal;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>Finds the file position of a definition path, and of a position inside an expression held by a scalar.</summary>
internal sealed class SourceLocator(string file, string text, IReadOnlyDictionary<string, SourceNode> locations) : ISourceLocator
{
    private string[]? _lines;

    public string File { get; } = file;

    public (int Line, int Column) Locate(string path, ExpressionError? expression)
    {
        var node = Find(path);
        if (node is null)
        {
            return (1, 1);
        }

        if (expression is null || node.Kind != SourceKind.Scalar)
        {
            return (node.Line, node.Column);
        }

        switch (node.Style)
        {
            case ScalarStyle.Block:
                // The text starts on the line after the '|' or '>' indicator, at that line's indentation.
                // Every line of a block scalar is indented relative to its first line.
                var line = node.Line + expression.Line;
                return (line, Indentation(node.Line + 1) + expression.Column);
            default:
                var quote = node.Style == ScalarStyle.Quoted ? 1 : 0;
                return expression.Line == 1
                    ? (node.Line, node.Column + quote + expression.Column - 1)
                    : (node.Line + expression.Line - 1, expression.Column);
        }
    }

    private SourceNode? Find(string path)
    {
        for (var current = path; ; current = DefinitionReader.Parent(current))
        {
            if (locations.TryGetValue(current, out var node))
            {
                return node;
            }

            if (current.Length == 0)
            {
                return null;
            }
        }
    }

    private int Indentation(int line)
    {
        _lines ??= text.Split('\n');
        if (line < 1 || line > _lines.Length)
        {
            return 0;
        }

        var content = _lines[line - 1];
        var count = 0;
        while (count < content.Length && content[count] == ' ')
        {
            count++;
        }

        return count;
    }
}
