using System;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// Thrown when evaluating a compiled expression fails: division by zero, money in different
/// currencies, instance data that does not match its schema, or an evaluation limit.
/// </summary>
public sealed class ExpressionEvaluationException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed, naming the field or the operator.</param>
    public ExpressionEvaluationException(string message)
        : base(message)
    {
    }

    /// <summary>Gets the stable error code.</summary>
    public string Code => ExpressionErrorCodes.Evaluation;
}
