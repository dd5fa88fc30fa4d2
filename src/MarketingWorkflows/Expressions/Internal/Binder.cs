using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Type-checks a parsed expression against an <see cref="ExpressionScope"/> and produces its
/// evaluable nodes. It reports every independent problem; a sub-expression that already failed
/// has the error type, which silences the errors it would otherwise cause further up.
/// </summary>
internal sealed partial class Binder
{
    private static readonly string[] FunctionNames = ["all", "any", "contains", "days", "endsWith", "len", "now", "startsWith", "today"];

    private readonly string _text;
    private readonly ExpressionScope _scope;
    private readonly Diagnostics _diagnostics;
    private readonly List<(string Name, ExpressionType Type)> _locals = [];

    private Binder(string text, ExpressionScope scope, Diagnostics diagnostics)
    {
        _text = text;
        _scope = scope;
        _diagnostics = diagnostics;
    }

    public static Node Bind(string text, Syntax syntax, ExpressionScope scope, Diagnostics diagnostics)
        => new Binder(text, scope, diagnostics).Bind(syntax);

    private string Display(Syntax syntax) => _text.Substring(syntax.Start, syntax.Length);

    /// <summary>Quotes a piece of the expression for a message, unless it is a string literal that carries its own quotes.</summary>
    private static string Quote(string display) => display.StartsWith('\'') || display.StartsWith('"') ? display : $"'{display}'";

    private Node Error(string code, Syntax at, string message)
    {
        _diagnostics.Add(code, at.Start, at.Length, message);
        return ErrorNode.Instance;
    }

    private Node Bind(Syntax syntax) => syntax switch
    {
        LiteralSyntax literal => BindLiteral(literal.Token),
        NameSyntax name => BindName(name),
        MemberSyntax member => BindMember(member),
        CallSyntax call => BindCall(call),
        UnarySyntax unary => BindUnary(unary),
        BinarySyntax binary => BindBinary(binary),
        LambdaSyntax lambda => Error(ExpressionErrorCodes.Syntax, lambda, "A lambda such as 'x => x > 0' can only be the second argument of any() or all()."),
        ListSyntax list => Error(ExpressionErrorCodes.Syntax, list, "A list in brackets can only follow 'in'."),
        _ => throw new InvalidOperationException("Unknown syntax node " + syntax.GetType().Name),
    };

    private static Node BindLiteral(Token token) => token.Kind switch
    {
        TokenKind.Number => new ConstantNode(Value.FromNumber(token.Number), ExpressionType.Number),
        TokenKind.String => new ConstantNode(Value.FromString(token.Text!), ExpressionType.String),
        TokenKind.Date => new ConstantNode(Value.FromDate((int)token.Number), ExpressionType.Date),
        TokenKind.DateTime => new ConstantNode(Value.FromDateTime((long)token.Number), ExpressionType.DateTime),
        TokenKind.Duration => new ConstantNode(Value.FromDuration(token.Number), ExpressionType.Duration),
        TokenKind.Money => new ConstantNode(Value.FromMoney(token.Number, token.Text!), ExpressionType.Money(token.Text)),
        TokenKind.True => new ConstantNode(Value.True, ExpressionType.Boolean),
        TokenKind.False => new ConstantNode(Value.False, ExpressionType.Boolean),
        _ => new ConstantNode(Value.Null, ExpressionType.Null),
    };

    private Node BindName(NameSyntax name)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].Name == name.Name)
            {
                return new LocalNode(i, _locals[i].Type);
            }
        }

        if (name.Name == ExpressionScope.ArgumentsName)
        {
            return _scope.Arguments is null
                ? Error(ExpressionErrorCodes.UnknownName, name, "'args' is not available here: trigger arguments can be read only in a transition's guard.")
                : new ArgumentsNode(_scope.Arguments);
        }

        if (_scope.Data.Fields.TryGetValue(name.Name, out var type))
        {
            return new DataFieldNode(name.Name, type);
        }

        if (FunctionNames.Contains(name.Name) || _scope.Functions.TryGet(name.Name, out _))
        {
            return Error(ExpressionErrorCodes.UnknownName, name, $"'{name.Name}' is a function: call it with parentheses, as in {name.Name}(...).");
        }

        var known = _scope.Data.Fields.Keys.Concat(_locals.Select(l => l.Name));
        if (_scope.Arguments is not null)
        {
            known = known.Append(ExpressionScope.ArgumentsName);
        }

        return Error(ExpressionErrorCodes.UnknownName, name, $"There is no field '{name.Name}'.{Suggest(name.Name, known)}");
    }

    private Node BindMember(MemberSyntax member)
    {
        var target = Bind(member.Target);
        if (target.Type.IsError)
        {
            return target;
        }

        var path = Display(member);
        switch (target.Type.Kind)
        {
            case ExpressionTypeKind.Object when target.Type.Fields.TryGetValue(member.Name, out var fieldType):
                return new MemberNode(target, member.Name, path, fieldType);
            case ExpressionTypeKind.Object:
                var owner = Display(member.Target);
                var what = target is ArgumentsNode ? "The trigger has no argument" : $"'{owner}' has no field";
                return Error(ExpressionErrorCodes.UnknownName, member, $"{what} '{member.Name}'.{Suggest(member.Name, target.Type.Fields.Keys)}");
            case ExpressionTypeKind.Money when member.Name == "amount":
                return new MemberNode(target, member.Name, path, ExpressionType.Number);
            case ExpressionTypeKind.Money when member.Name == "currency":
                return new MemberNode(target, member.Name, path, ExpressionType.String);
            case ExpressionTypeKind.Money:
                return Error(ExpressionErrorCodes.UnknownName, member, $"Money has the fields 'amount' and 'currency', not '{member.Name}'.");
            default:
                return Error(ExpressionErrorCodes.TypeMismatch, member, $"{Quote(Display(member.Target))} is a {target.Type}, which has no fields; '.{member.Name}' needs an object.");
        }
    }

    private Node BindUnary(UnarySyntax unary)
    {
        var operand = Bind(unary.Operand);
        if (operand.Type.IsError)
        {
            return operand;
        }

        if (unary.Operator == TokenKind.Not)
        {
            return operand.Type.Kind == ExpressionTypeKind.Boolean
                ? new NotNode(operand)
                : Error(ExpressionErrorCodes.TypeMismatch, unary, $"'not' needs a true/false value, but {Quote(Display(unary.Operand))} is a {operand.Type}.");
        }

        return operand.Type.Kind is ExpressionTypeKind.Number or ExpressionTypeKind.Money or ExpressionTypeKind.Duration
            ? new NegateNode(operand)
            : Error(ExpressionErrorCodes.TypeMismatch, unary, $"'-' negates a number, an amount of money or a duration, but {Quote(Display(unary.Operand))} is a {operand.Type}.");
    }

    private Node BindBinary(BinarySyntax binary)
    {
        if (binary.Operator == TokenKind.In)
        {
            return BindIn(binary);
        }

        var left = Bind(binary.Left);
        var right = Bind(binary.Right);
        if (left.Type.IsError || right.Type.IsError)
        {
            return ErrorNode.Instance;
        }

        var display = Display(binary);
        switch (binary.Operator)
        {
            case TokenKind.And or TokenKind.Or:
                var word = binary.Operator == TokenKind.And ? "and" : "or";
                foreach (var (side, node) in new[] { (binary.Left, left), (binary.Right, right) })
                {
                    if (node.Type.Kind != ExpressionTypeKind.Boolean)
                    {
                        return Error(ExpressionErrorCodes.TypeMismatch, side, $"'{word}' joins true/false conditions, but {Quote(Display(side))} is a {node.Type}.{ComparisonHint(node)}");
                    }
                }

                return binary.Operator == TokenKind.And ? new AndNode(left, right) : new OrNode(left, right);

            case TokenKind.Equal or TokenKind.NotEqual:
                return CheckEquatable(binary, left, right) ? new CompareNode(binary.Operator, left, right, display) : ErrorNode.Instance;

            case TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual:
                return CheckOrderable(binary, left, right) ? new CompareNode(binary.Operator, left, right, display) : ErrorNode.Instance;

            default:
                var type = ArithmeticType(binary.Operator, left.Type, right.Type);
                if (type is null)
                {
                    return Error(ExpressionErrorCodes.TypeMismatch, binary,
                        $"'{Token.Describe(binary.Operator).Trim('\'')}' cannot combine a {left.Type} ({Quote(Display(binary.Left))}) with a {right.Type} ({Quote(Display(binary.Right))}).");
                }

                if (!CheckCurrencies(binary, left.Type, right.Type))
                {
                    return ErrorNode.Instance;
                }

                return new ArithmeticNode(binary.Operator, left, right, type, display);
        }
    }

    private static string ComparisonHint(Node node)
        => node.Type.Kind is ExpressionTypeKind.Null or ExpressionTypeKind.Boolean ? string.Empty : " Compare it with something, as in 'x > 0'.";

    private Node BindIn(BinarySyntax binary)
    {
        var item = Bind(binary.Left);
        var display = Display(binary);
        if (binary.Right is ListSyntax list)
        {
            var items = new Node[list.Items.Count];
            var ok = !item.Type.IsError;
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Bind(list.Items[i]);
                if (items[i].Type.IsError)
                {
                    ok = false;
                }
                else if (!item.Type.IsError && !CheckEquatable(list.Items[i], binary.Left, item, list.Items[i], items[i]))
                {
                    ok = false;
                }
            }

            return ok ? new InItemsNode(item, items, binary.Negated, display) : ErrorNode.Instance;
        }

        var collection = Bind(binary.Right);
        if (item.Type.IsError || collection.Type.IsError)
        {
            return ErrorNode.Instance;
        }

        if (collection.Type.Kind != ExpressionTypeKind.List)
        {
            var hint = collection.Type.IsTextual ? " To look for text inside a string, use contains(text, part)." : string.Empty;
            return Error(ExpressionErrorCodes.TypeMismatch, binary.Right, $"'in' needs a list on its right, but {Quote(Display(binary.Right))} is a {collection.Type}.{hint}");
        }

        var element = new ConstantNode(Value.Null, collection.Type.ElementType!);
        return CheckEquatable(binary, binary.Left, item, binary.Right, element)
            ? new InListNode(item, collection, binary.Negated, display)
            : ErrorNode.Instance;
    }

    private bool CheckEquatable(BinarySyntax binary, Node left, Node right)
        => CheckEquatable(binary, binary.Left, left, binary.Right, right);

    private bool CheckEquatable(Syntax at, Syntax leftSyntax, Node left, Syntax rightSyntax, Node right)
    {
        var a = left.Type;
        var b = right.Type;
        if (a.Kind == ExpressionTypeKind.Null || b.Kind == ExpressionTypeKind.Null)
        {
            return true;
        }

        if (a.IsTextual && b.IsTextual)
        {
            return CheckEnumValue(left, right, rightSyntax) && CheckEnumValue(right, left, leftSyntax);
        }

        if (a.Kind != b.Kind || a.Kind is ExpressionTypeKind.List or ExpressionTypeKind.Object)
        {
            var hint = (a.Kind, b.Kind) switch
            {
                (ExpressionTypeKind.Money, ExpressionTypeKind.Number) or (ExpressionTypeKind.Number, ExpressionTypeKind.Money)
                    => " Write the amount with its currency (10000 EUR), or compare '.amount' with a number.",
                (ExpressionTypeKind.Date, ExpressionTypeKind.DateTime) or (ExpressionTypeKind.DateTime, ExpressionTypeKind.Date)
                    => " Compare dates with dates (today()) and date-times with date-times (now()).",
                (ExpressionTypeKind.List, _) or (_, ExpressionTypeKind.List) => " To test membership, use 'in' or contains(list, value).",
                _ => string.Empty,
            };
            _diagnostics.Add(ExpressionErrorCodes.TypeMismatch, at.Start, at.Length,
                $"{Quote(Display(leftSyntax))} is a {a} and {Quote(Display(rightSyntax))} is a {b}; they cannot be compared.{hint}");
            return false;
        }

        return a.Kind != ExpressionTypeKind.Money || CheckCurrencies(at, a, b);
    }

    private bool CheckEnumValue(Node enumSide, Node other, Syntax otherSyntax)
    {
        if (enumSide.Type.Kind == ExpressionTypeKind.Enum && other is ConstantNode { Value.Text: { } text }
            && !enumSide.Type.AllowedValues.Contains(text, StringComparer.Ordinal))
        {
            _diagnostics.Add(ExpressionErrorCodes.UnknownEnumValue, otherSyntax.Start, otherSyntax.Length,
                $"'{text}' is never a value here: the allowed values are {string.Join(", ", enumSide.Type.AllowedValues.Select(v => "'" + v + "'"))}.{Suggest(text, enumSide.Type.AllowedValues)}");
            return false;
        }

        return true;
    }

    private bool CheckOrderable(BinarySyntax binary, Node left, Node right)
    {
        var a = left.Type;
        var b = right.Type;
        if (a.Kind == ExpressionTypeKind.Null || b.Kind == ExpressionTypeKind.Null)
        {
            _diagnostics.Add(ExpressionErrorCodes.TypeMismatch, binary.Start, binary.Length, "Only '==' and '!=' compare with null.");
            return false;
        }

        if (a.Kind is not (ExpressionTypeKind.Number or ExpressionTypeKind.Money or ExpressionTypeKind.Date or ExpressionTypeKind.DateTime or ExpressionTypeKind.Duration))
        {
            _diagnostics.Add(ExpressionErrorCodes.TypeMismatch, binary.Left.Start, binary.Left.Length,
                $"{Quote(Display(binary.Left))} is a {a}, which has no order; '<', '<=', '>' and '>=' compare numbers, money, dates, date-times and durations.");
            return false;
        }

        return CheckEquatable(binary, left, right);
    }

    private bool CheckCurrencies(Syntax at, ExpressionType a, ExpressionType b)
    {
        if (a.Kind == ExpressionTypeKind.Money && b.Kind == ExpressionTypeKind.Money
            && a.Currency is not null && b.Currency is not null && a.Currency != b.Currency)
        {
            _diagnostics.Add(ExpressionErrorCodes.CurrencyMismatch, at.Start, at.Length,
                $"{Quote(Display(at))} mixes {a.Currency} and {b.Currency}: amounts in different currencies cannot be compared or combined. Use an amount in {a.Currency}.");
            return false;
        }

        return true;
    }

    private static ExpressionType? ArithmeticType(TokenKind op, ExpressionType a, ExpressionType b)
    {
        var money = a.Kind == ExpressionTypeKind.Money ? a : b;
        return (op, a.Kind, b.Kind) switch
        {
            (_, ExpressionTypeKind.Number, ExpressionTypeKind.Number) => ExpressionType.Number,
            (TokenKind.Plus or TokenKind.Minus, ExpressionTypeKind.Money, ExpressionTypeKind.Money) => ExpressionType.Money(a.Currency ?? b.Currency),
            (TokenKind.Slash, ExpressionTypeKind.Money, ExpressionTypeKind.Money) => ExpressionType.Number,
            (TokenKind.Star, ExpressionTypeKind.Money, ExpressionTypeKind.Number) or (TokenKind.Star, ExpressionTypeKind.Number, ExpressionTypeKind.Money)
                or (TokenKind.Slash, ExpressionTypeKind.Money, ExpressionTypeKind.Number) => money,
            (TokenKind.Plus or TokenKind.Minus, ExpressionTypeKind.Duration, ExpressionTypeKind.Duration) => ExpressionType.Duration,
            (TokenKind.Star, ExpressionTypeKind.Duration, ExpressionTypeKind.Number) or (TokenKind.Star, ExpressionTypeKind.Number, ExpressionTypeKind.Duration)
                or (TokenKind.Slash, ExpressionTypeKind.Duration, ExpressionTypeKind.Number) => ExpressionType.Duration,
            (TokenKind.Slash, ExpressionTypeKind.Duration, ExpressionTypeKind.Duration) => ExpressionType.Number,
            (TokenKind.Minus, ExpressionTypeKind.Date, ExpressionTypeKind.Date) or (TokenKind.Minus, ExpressionTypeKind.DateTime, ExpressionTypeKind.DateTime) => ExpressionType.Duration,
            (TokenKind.Plus or TokenKind.Minus, ExpressionTypeKind.Date, ExpressionTypeKind.Duration) or (TokenKind.Plus, ExpressionTypeKind.Duration, ExpressionTypeKind.Date) => ExpressionType.Date,
            (TokenKind.Plus or TokenKind.Minus, ExpressionTypeKind.DateTime, ExpressionTypeKind.Duration) or (TokenKind.Plus, ExpressionTypeKind.Duration, ExpressionTypeKind.DateTime) => ExpressionType.DateTime,
            (TokenKind.Plus, ExpressionTypeKind.String or ExpressionTypeKind.Enum, ExpressionTypeKind.String or ExpressionTypeKind.Enum) => ExpressionType.String,
            _ => null,
        };
    }

    /// <summary>Suggests the closest known name when it is near enough to be a typo.</summary>
    internal static string Suggest(string name, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: EditDistance(name, k)))
            .Select(k => k.Distance > 2 && (name.StartsWith(k.Name, StringComparison.OrdinalIgnoreCase) || k.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)) ? (k.Name, Distance: 2) : k)
            .Where(k => k.Distance <= Math.Max(1, name.Length / 3))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" Did you mean '{best.Name}'?";
    }

    internal static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3)
        {
            return int.MaxValue;
        }

        // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1.
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];

        static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
    }
}
