namespace MarketingWorkflows.Expressions.Internal;

/// <summary>The bounds that keep compiling and evaluating an expression cheap whatever its text.</summary>
internal static class ExpressionLimits
{
    public const int MaxLength = 4_000;
    public const int MaxTokens = 1_000;
    public const int MaxDepth = 48;
    public const int MaxStringLiteralLength = 1_000;
    public const int MaxNumberLiteralLength = 30;
    public const int MaxLambdaNesting = 4;
    public const int MaxListItems = 200;

    /// <summary>How many list elements all <c>any</c>/<c>all</c>/<c>in</c> calls of one evaluation may visit together.</summary>
    public const int MaxIterations = 100_000;
}
