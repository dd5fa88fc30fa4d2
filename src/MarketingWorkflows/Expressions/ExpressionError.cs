namespace MarketingWorkflows.Expressions;

/// <summary>One problem found in an expression's text.</summary>
/// <param name="Code">A stable code such as <c>MWF301</c>.</param>
/// <param name="Message">What is wrong, in plain words, and how to fix it.</param>
/// <param name="Line">The 1-based line within the expression's text.</param>
/// <param name="Column">The 1-based column within that line.</param>
/// <param name="Offset">The 0-based character offset within the expression's text.</param>
/// <param name="Length">How many characters the problem spans (at least 1 unless the text is empty).</param>
public sealed record ExpressionError(string Code, string Message, int Line, int Column, int Offset, int Length)
{
    /// <summary>Formats the error as <c>line:column: error CODE: message</c>.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString() => $"{Line}:{Column}: error {Code}: {Message}";
}
