using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>Collects errors with their positions, converting offsets into lines and columns.</summary>
internal sealed class Diagnostics(string text)
{
    private readonly List<ExpressionError> _errors = [];

    public IReadOnlyList<ExpressionError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string code, int offset, int length, string message)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        length = Math.Clamp(length, text.Length == offset ? 0 : 1, Math.Max(0, text.Length - offset));
        var (line, column) = Position(text, offset);
        _errors.Add(new ExpressionError(code, message, line, column, offset, length));
    }

    public static (int Line, int Column) Position(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
