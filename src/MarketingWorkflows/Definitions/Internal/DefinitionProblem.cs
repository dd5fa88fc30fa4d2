using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>A problem found by validation, before its path is turned into a file position.</summary>
internal sealed record DefinitionProblem(string Code, string Path, string Message, ExpressionError? Expression = null)
{
    public DefinitionError ToError(ISourceLocator? source)
    {
        if (source is null)
        {
            var message = Expression is null ? Message : $"{Message} (at {Expression.Line}:{Expression.Column} of the expression)";
            return new DefinitionError(Code, message, Path);
        }

        var (line, column) = source.Locate(Path, Expression);
        return new DefinitionError(Code, Message, Path, source.File, line, column);
    }
}

/// <summary>Turns a definition path (and a position inside an expression) into a line and column of a file.</summary>
internal interface ISourceLocator
{
    string File { get; }

    (int Line, int Column) Locate(string path, ExpressionError? expression);
}
