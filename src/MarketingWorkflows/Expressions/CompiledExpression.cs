using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// An expression of the guard language, parsed and type-checked against an
/// <see cref="ExpressionScope"/> once, then evaluated any number of times.
/// </summary>
/// <remarks>
/// <para>
/// The language has literals (<c>10000</c>, <c>'EU'</c>, <c>true</c>, <c>null</c>,
/// <c>2026-03-01</c>, <c>2026-03-01T09:00:00Z</c>, <c>3d</c>, <c>48h</c>, <c>10000 EUR</c>), field
/// paths over the instance data and the trigger's arguments (<c>budget.amount</c>,
/// <c>args.reason</c>), <c>== != &lt; &lt;= &gt; &gt;=</c>, <c>and or not</c>, <c>in [...]</c> and
/// <c>not in</c>, <c>+ - * /</c>, parentheses, and the functions <c>len</c>, <c>any</c>,
/// <c>all</c>, <c>contains</c>, <c>startsWith</c>, <c>endsWith</c>, <c>now</c>, <c>today</c> and
/// <c>days</c>, and the host's guard functions the scope names (<see cref="ExpressionScope.Functions"/>),
/// whose answers the engine gathers before it evaluates a guard. It has no loops, no assignment,
/// no reflection and no I/O of its own; its text, nesting and the list elements one evaluation
/// may visit are bounded.
/// </para>
/// <para>
/// Instances are immutable and safe to share between threads. Evaluating a guard that reads
/// numbers, money, dates, booleans and compares strings allocates nothing.
/// </para>
/// </remarks>
public sealed class CompiledExpression
{
    private readonly Node _root;

    private CompiledExpression(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>Gets the expression's text.</summary>
    public string Text { get; }

    /// <summary>Gets the type of the value the expression produces.</summary>
    public ExpressionType ResultType => _root.Type;

    /// <summary>Parses and type-checks an expression.</summary>
    /// <param name="text">The expression's text.</param>
    /// <param name="scope">What the expression may read.</param>
    /// <returns>The compiled expression.</returns>
    /// <exception cref="ExpressionException">The text has errors; <see cref="ExpressionException.Errors"/> lists them with their positions.</exception>
    public static CompiledExpression Compile(string text, ExpressionScope scope)
        => TryCompile(text, scope, out var expression, out var errors)
            ? expression
            : throw new ExpressionException(text, errors);

    /// <summary>Parses and type-checks an expression, returning its errors instead of throwing.</summary>
    /// <param name="text">The expression's text.</param>
    /// <param name="scope">What the expression may read.</param>
    /// <param name="expression">The compiled expression, when there are no errors.</param>
    /// <param name="errors">Every problem found, in order of position; empty on success.</param>
    /// <returns><see langword="true"/> when the expression compiled.</returns>
    public static bool TryCompile(string text, ExpressionScope scope, [NotNullWhen(true)] out CompiledExpression? expression, out IReadOnlyList<ExpressionError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        var diagnostics = new Diagnostics(text);
        var syntax = Parser.Parse(text, diagnostics);
        var root = syntax is null ? null : Binder.Bind(text, syntax, scope, diagnostics);
        if (root is null || diagnostics.HasErrors)
        {
            expression = null;
            errors = diagnostics.Errors.OrderBy(e => e.Offset).ToArray();
            return false;
        }

        expression = new CompiledExpression(text, root);
        errors = [];
        return true;
    }

    /// <summary>Compiles a condition: an expression that must produce true or false.</summary>
    /// <param name="text">The condition's text.</param>
    /// <param name="scope">What the condition may read.</param>
    /// <returns>The compiled condition.</returns>
    /// <exception cref="ExpressionException">The text has errors, or produces something other than true/false.</exception>
    public static CompiledExpression CompileCondition(string text, ExpressionScope scope)
        => TryCompileCondition(text, scope, out var expression, out var errors)
            ? expression
            : throw new ExpressionException(text, errors);

    /// <summary>Compiles a condition, returning its errors instead of throwing.</summary>
    /// <param name="text">The condition's text.</param>
    /// <param name="scope">What the condition may read.</param>
    /// <param name="expression">The compiled condition, when there are no errors.</param>
    /// <param name="errors">Every problem found; empty on success.</param>
    /// <returns><see langword="true"/> when the condition compiled.</returns>
    public static bool TryCompileCondition(string text, ExpressionScope scope, [NotNullWhen(true)] out CompiledExpression? expression, out IReadOnlyList<ExpressionError> errors)
    {
        if (!TryCompile(text, scope, out expression, out errors))
        {
            return false;
        }

        if (expression.ResultType.Kind != ExpressionTypeKind.Boolean)
        {
            var (line, column) = Diagnostics.Position(text, 0);
            errors = [new ExpressionError(ExpressionErrorCodes.TypeMismatch, $"A condition must be true or false, but this expression is a {expression.ResultType}. Compare it with something, as in 'x > 0'.", line, column, 0, text.Length)];
            expression = null;
            return false;
        }

        return true;
    }

    /// <summary>Evaluates the expression.</summary>
    /// <param name="context">The data, the arguments and the current time.</param>
    /// <returns>
    /// The value: <see langword="null"/>, <see cref="bool"/>, <see cref="decimal"/>, <see cref="string"/>,
    /// <see cref="DateOnly"/>, <see cref="DateTimeOffset"/> (UTC), <see cref="TimeSpan"/>,
    /// <see cref="Money"/>, or a <see cref="System.Text.Json.JsonElement"/> for lists and objects.
    /// </returns>
    /// <exception cref="ExpressionEvaluationException">Evaluation failed (see its message).</exception>
    public object? Evaluate(in ExpressionContext context)
    {
        var evaluation = new Evaluation(context);
        return _root.Evaluate(ref evaluation).ToObject();
    }

    /// <summary>Evaluates a condition; a missing value counts as false.</summary>
    /// <param name="context">The data, the arguments and the current time.</param>
    /// <returns>Whether the condition holds.</returns>
    /// <exception cref="InvalidOperationException">The expression is not a condition.</exception>
    /// <exception cref="ExpressionEvaluationException">Evaluation failed (see its message).</exception>
    public bool EvaluateCondition(in ExpressionContext context)
    {
        if (_root.Type.Kind != ExpressionTypeKind.Boolean)
        {
            throw new InvalidOperationException($"'{Text}' is a {_root.Type}, not a condition.");
        }

        var evaluation = new Evaluation(context);
        return _root.Evaluate(ref evaluation).IsTrue;
    }

    /// <summary>Returns the expression's text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Text;
}
