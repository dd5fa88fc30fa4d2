using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Expressions;

/// <summary>Thrown when an expression's text does not compile: every problem found is in <see cref="Errors"/>.</summary>
public sealed class ExpressionException : FormatException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="text">The expression's text.</param>
    /// <param name="errors">The problems, at least one.</param>
    public ExpressionException(string text, IReadOnlyList<ExpressionError> errors)
        : base(Describe(text, errors))
    {
        Text = text;
        Errors = errors;
    }

    /// <summary>Gets the expression's text.</summary>
    public string Text { get; }

    /// <summary>Gets the problems, in the order of their position.</summary>
    public IReadOnlyList<ExpressionError> Errors { get; }

    private static string Describe(string text, IReadOnlyList<ExpressionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The expression '{text}' does not compile: " + string.Join("; ", errors);
    }
}
