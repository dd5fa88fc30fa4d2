using System;
using System.Text.Json;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>A type-checked expression node. Nodes are immutable; evaluation state lives in <see cref="Evaluation"/>.</summary>
internal abstract class Node(ExpressionType type)
{
    public ExpressionType Type { get; } = type;

    public abstract Value Evaluate(ref Evaluation evaluation);
}

internal sealed class ErrorNode() : Node(ExpressionType.Error)
{
    public static ErrorNode Instance { get; } = new();

    public override Value Evaluate(ref Evaluation evaluation) => throw new InvalidOperationException("An expression with errors is never evaluated.");
}

internal sealed class ConstantNode(Value value, ExpressionType type) : Node(type)
{
    public Value Value { get; } = value;

    public override Value Evaluate(ref Evaluation evaluation) => Value;
}

internal sealed class NowNode() : Node(ExpressionType.DateTime)
{
    public override Value Evaluate(ref Evaluation evaluation) => Value.FromDateTime(evaluation.Context.Now.UtcTicks);
}

internal sealed class TodayNode() : Node(ExpressionType.Date)
{
    public override Value Evaluate(ref Evaluation evaluation)
        => Value.FromDate(DateOnly.FromDateTime(evaluation.Context.Now.UtcDateTime).DayNumber);
}

/// <summary>A top-level data field, read from the instance data.</summary>
internal sealed class DataFieldNode(string name, ExpressionType type) : Node(type)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var data = evaluation.Context.Data;
        return data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var element)
            ? Value.FromJson(element, Type, name)
            : Value.Null;
    }
}

internal sealed class ArgumentsNode(ExpressionType type) : Node(type)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var arguments = evaluation.Context.Arguments;
        return arguments.ValueKind == JsonValueKind.Object ? Value.FromObject(arguments) : Value.Null;
    }
}

internal sealed class LocalNode(int slot, ExpressionType type) : Node(type)
{
    public override Value Evaluate(ref Evaluation evaluation) => evaluation.Locals[slot];
}

internal sealed class MemberNode(Node target, string name, string path, ExpressionType type) : Node(type)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var value = target.Evaluate(ref evaluation);
        switch (value.Kind)
        {
            case ValueKind.Object:
                return value.Json.TryGetProperty(name, out var element) ? Value.FromJson(element, Type, path) : Value.Null;
            case ValueKind.Money when Type.Kind == ExpressionTypeKind.Number:
                return Value.FromNumber(value.Number);
            case ValueKind.Money:
                return value.Text is not null ? Value.FromString(value.Text) : Value.FromJsonString(value.Json);
            default:
                return Value.Null;
        }
    }
}

internal sealed class NotNode(Node operand) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation) => Value.Boolean(!operand.Evaluate(ref evaluation).IsTrue);
}

internal sealed class AndNode(Node left, Node right) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation)
        => Value.Boolean(left.Evaluate(ref evaluation).IsTrue && right.Evaluate(ref evaluation).IsTrue);
}

internal sealed class OrNode(Node left, Node right) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation)
        => Value.Boolean(left.Evaluate(ref evaluation).IsTrue || right.Evaluate(ref evaluation).IsTrue);
}

internal sealed class NegateNode(Node operand) : Node(operand.Type)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var value = operand.Evaluate(ref evaluation);
        return value.Kind switch
        {
            ValueKind.Number => Value.FromNumber(-value.Number),
            ValueKind.Duration => Value.FromDuration(-value.Number),
            ValueKind.Money => value.Text is not null ? Value.FromMoney(-value.Number, value.Text) : Value.FromMoney(-value.Number, value.Json),
            _ => Value.Null,
        };
    }
}

internal sealed class CompareNode(TokenKind op, Node left, Node right, string display) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var a = left.Evaluate(ref evaluation);
        var b = right.Evaluate(ref evaluation);
        switch (op)
        {
            case TokenKind.Equal:
                return Value.Boolean(Operations.AreEqual(a, b, display));
            case TokenKind.NotEqual:
                return Value.Boolean(!Operations.AreEqual(a, b, display));
        }

        // An ordering with a missing value is false: a guard over an empty optional field stays closed.
        if (a.IsNull || b.IsNull)
        {
            return Value.False;
        }

        var order = Operations.Compare(a, b, display);
        return Value.Boolean(op switch
        {
            TokenKind.Less => order < 0,
            TokenKind.LessOrEqual => order <= 0,
            TokenKind.Greater => order > 0,
            _ => order >= 0,
        });
    }
}

/// <summary><c>x in [a, b, c]</c>: the items are evaluated in order until one equals <c>x</c>.</summary>
internal sealed class InItemsNode(Node item, Node[] items, bool negated, string display) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var value = item.Evaluate(ref evaluation);
        var found = false;
        if (!value.IsNull)
        {
            foreach (var candidate in items)
            {
                evaluation.CountIteration();
                if (Operations.AreEqual(value, candidate.Evaluate(ref evaluation), display))
                {
                    found = true;
                    break;
                }
            }
        }

        return Value.Boolean(found != negated);
    }
}

/// <summary><c>x in list</c> and <c>contains(list, x)</c> over a list from the data.</summary>
internal sealed class InListNode(Node item, Node list, bool negated, string display) : Node(ExpressionType.Boolean)
{
    private readonly ExpressionType _elementType = list.Type.ElementType!;

    public override Value Evaluate(ref Evaluation evaluation)
    {
        var value = item.Evaluate(ref evaluation);
        var listValue = list.Evaluate(ref evaluation);
        var found = false;
        if (!value.IsNull && listValue.Kind == ValueKind.List)
        {
            foreach (var element in listValue.Json.EnumerateArray())
            {
                evaluation.CountIteration();
                if (Operations.AreEqual(value, Value.FromJson(element, _elementType, display), display))
                {
                    found = true;
                    break;
                }
            }
        }

        return Value.Boolean(found != negated);
    }
}

/// <summary><c>any(list, x => ...)</c> and <c>all(list, x => ...)</c>.</summary>
internal sealed class QuantifierNode(Node list, int slot, Node body, bool all, string display) : Node(ExpressionType.Boolean)
{
    private readonly ExpressionType _elementType = list.Type.ElementType!;

    public override Value Evaluate(ref Evaluation evaluation)
    {
        var listValue = list.Evaluate(ref evaluation);
        if (listValue.Kind != ValueKind.List)
        {
            return Value.Boolean(all);
        }

        foreach (var element in listValue.Json.EnumerateArray())
        {
            evaluation.CountIteration();
            evaluation.Locals[slot] = Value.FromJson(element, _elementType, display);
            if (body.Evaluate(ref evaluation).IsTrue != all)
            {
                return Value.Boolean(!all);
            }
        }

        return Value.Boolean(all);
    }
}

internal sealed class LengthNode(Node operand) : Node(ExpressionType.Number)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var value = operand.Evaluate(ref evaluation);
        return value.Kind switch
        {
            ValueKind.List => Value.FromNumber(value.Json.GetArrayLength()),
            ValueKind.String => Value.FromNumber(value.GetText().Length),
            _ => Value.Null,
        };
    }
}

internal enum TextTest
{
    Contains,
    StartsWith,
    EndsWith,
}

internal sealed class TextTestNode(TextTest test, Node text, Node part) : Node(ExpressionType.Boolean)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var a = text.Evaluate(ref evaluation);
        var b = part.Evaluate(ref evaluation);
        if (a.IsNull || b.IsNull)
        {
            return Value.False;
        }

        var whole = a.GetText();
        var piece = b.GetText();
        return Value.Boolean(test switch
        {
            TextTest.Contains => whole.Contains(piece, StringComparison.Ordinal),
            TextTest.StartsWith => whole.StartsWith(piece, StringComparison.Ordinal),
            _ => whole.EndsWith(piece, StringComparison.Ordinal),
        });
    }
}

internal sealed class DaysNode(Node from, Node to) : Node(ExpressionType.Number)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var a = from.Evaluate(ref evaluation);
        var b = to.Evaluate(ref evaluation);
        if (a.IsNull || b.IsNull)
        {
            return Value.Null;
        }

        return a.Kind == ValueKind.Date
            ? Value.FromNumber(b.Number - a.Number)
            : Value.FromNumber((b.Number - a.Number) / TimeSpan.TicksPerDay);
    }
}

internal sealed class ArithmeticNode(TokenKind op, Node left, Node right, ExpressionType type, string display) : Node(type)
{
    public override Value Evaluate(ref Evaluation evaluation)
    {
        var a = left.Evaluate(ref evaluation);
        var b = right.Evaluate(ref evaluation);
        if (a.IsNull || b.IsNull)
        {
            return Value.Null;
        }

        try
        {
            return Operations.Arithmetic(op, a, b, Type, display);
        }
        catch (OverflowException)
        {
            throw new ExpressionEvaluationException($"'{display}' overflows: the result is too large.");
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ExpressionEvaluationException($"'{display}' leaves the range of dates this language can hold.");
        }
    }
}
