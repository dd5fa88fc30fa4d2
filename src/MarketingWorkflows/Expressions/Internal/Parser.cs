using System.Collections.Generic;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// A recursive-descent parser with a nesting limit. It stops at the first syntax error; every
/// error is reported through <see cref="Diagnostics"/>, never as an exception.
/// </summary>
/// <remarks>
/// Precedence, lowest first: <c>or</c>; <c>and</c>; <c>not</c>; comparisons and <c>in</c> /
/// <c>not in</c> (not chainable); <c>+ -</c>; <c>* /</c>; unary <c>-</c>; member access and calls.
/// </remarks>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private readonly Diagnostics _diagnostics;
    private int _position;
    private int _depth;

    private Parser(List<Token> tokens, Diagnostics diagnostics)
    {
        _tokens = tokens;
        _diagnostics = diagnostics;
    }

    public static Syntax? Parse(string text, Diagnostics diagnostics)
    {
        if (text.Length > ExpressionLimits.MaxLength)
        {
            diagnostics.Add(ExpressionErrorCodes.Limit, ExpressionLimits.MaxLength, 1, $"The expression is {text.Length} characters long; the limit is {ExpressionLimits.MaxLength}.");
            return null;
        }

        var tokens = Lexer.Tokenize(text, diagnostics);
        if (tokens is null)
        {
            return null;
        }

        var parser = new Parser(tokens, diagnostics);
        if (parser.Current.Kind == TokenKind.End)
        {
            diagnostics.Add(ExpressionErrorCodes.Syntax, 0, 0, "The expression is empty.");
            return null;
        }

        var syntax = parser.ParseExpression();
        if (syntax is null)
        {
            return null;
        }

        if (parser.Current.Kind != TokenKind.End)
        {
            parser.Unexpected("an operator or the end of the expression");
            return null;
        }

        return syntax;
    }

    private Token Current => _tokens[_position];

    private Token Advance()
    {
        var token = _tokens[_position];
        if (_position < _tokens.Count - 1)
        {
            _position++;
        }

        return token;
    }

    private Syntax? Unexpected(string expected)
    {
        var token = Current;
        var found = token.Kind == TokenKind.End ? "the end of the expression" : Token.Describe(token.Kind);
        var hint = token.Kind switch
        {
            TokenKind.Identifier when token.Text is "AND" or "OR" or "NOT" or "IN" => $" Operators are lower case: '{token.Text!.ToLowerInvariant()}'.",
            TokenKind.Identifier when _position > 0 && _tokens[_position - 1] is { Kind: TokenKind.Number } number && number.End < token.Start
                => " A unit follows its number without a space (3d, 48h); a currency follows its amount after a space, in capitals (100 EUR).",
            _ => string.Empty,
        };
        _diagnostics.Add(ExpressionErrorCodes.Syntax, token.Start, token.Length, $"Expected {expected} but found {found}.{hint}");
        return null;
    }

    private bool Enter()
    {
        if (++_depth > ExpressionLimits.MaxDepth)
        {
            _diagnostics.Add(ExpressionErrorCodes.Limit, Current.Start, Current.Length, $"The expression is nested more than {ExpressionLimits.MaxDepth} levels deep.");
            return false;
        }

        return true;
    }

    private Syntax? ParseExpression()
    {
        if (!Enter())
        {
            return null;
        }

        var result = ParseOr();
        _depth--;
        return result;
    }

    private Syntax? ParseOr()
    {
        var left = ParseAnd();
        while (left is not null && Current.Kind == TokenKind.Or)
        {
            var op = Advance();
            var right = ParseAnd();
            left = right is null ? null : new BinarySyntax(TokenKind.Or, op.Start, left, right, false, left.Start, right.End - left.Start);
        }

        return left;
    }

    private Syntax? ParseAnd()
    {
        var left = ParseNot();
        while (left is not null && Current.Kind == TokenKind.And)
        {
            var op = Advance();
            var right = ParseNot();
            left = right is null ? null : new BinarySyntax(TokenKind.And, op.Start, left, right, false, left.Start, right.End - left.Start);
        }

        return left;
    }

    private Syntax? ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }

        var op = Advance();
        if (!Enter())
        {
            return null;
        }

        var operand = ParseNot();
        _depth--;
        return operand is null ? null : new UnarySyntax(TokenKind.Not, operand, op.Start, operand.End - op.Start);
    }

    private Syntax? ParseComparison()
    {
        var left = ParseAdditive();
        if (left is null)
        {
            return null;
        }

        var kind = Current.Kind;
        var negated = false;
        var opToken = Current;
        if (kind == TokenKind.Not && _tokens[_position + 1].Kind == TokenKind.In)
        {
            Advance();
            negated = true;
            kind = TokenKind.In;
        }
        else if (kind is not (TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
            or TokenKind.Greater or TokenKind.GreaterOrEqual or TokenKind.In))
        {
            return left;
        }

        Advance();
        var right = kind == TokenKind.In && Current.Kind == TokenKind.OpenBracket ? ParseList() : ParseAdditive();
        if (right is null)
        {
            return null;
        }

        if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
            or TokenKind.Greater or TokenKind.GreaterOrEqual or TokenKind.In)
        {
            _diagnostics.Add(ExpressionErrorCodes.Syntax, Current.Start, Current.Length, "Comparisons do not chain: join them with 'and', as in 'a < b and b < c'.");
            return null;
        }

        return new BinarySyntax(kind, opToken.Start, left, right, negated, left.Start, right.End - left.Start);
    }

    private Syntax? ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (left is not null && Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplicative();
            left = right is null ? null : new BinarySyntax(op.Kind, op.Start, left, right, false, left.Start, right.End - left.Start);
        }

        return left;
    }

    private Syntax? ParseMultiplicative()
    {
        var left = ParseUnary();
        while (left is not null && Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            var right = ParseUnary();
            left = right is null ? null : new BinarySyntax(op.Kind, op.Start, left, right, false, left.Start, right.End - left.Start);
        }

        return left;
    }

    private Syntax? ParseUnary()
    {
        if (Current.Kind != TokenKind.Minus)
        {
            return ParsePostfix();
        }

        var op = Advance();
        if (!Enter())
        {
            return null;
        }

        var operand = ParseUnary();
        _depth--;
        return operand is null ? null : new UnarySyntax(TokenKind.Minus, operand, op.Start, operand.End - op.Start);
    }

    private Syntax? ParsePostfix()
    {
        var target = ParsePrimary();
        while (target is not null && Current.Kind == TokenKind.Dot)
        {
            Advance();
            if (Current.Kind != TokenKind.Identifier)
            {
                return Unexpected("a field name after '.'");
            }

            var name = Advance();
            target = new MemberSyntax(target, name.Text!, name.Start, target.Start, name.End - target.Start);
        }

        return target;
    }

    private Syntax? ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number or TokenKind.String or TokenKind.Date or TokenKind.DateTime or TokenKind.Duration
                or TokenKind.Money or TokenKind.True or TokenKind.False or TokenKind.Null:
                Advance();
                return new LiteralSyntax(token);

            case TokenKind.Identifier when _tokens[_position + 1].Kind == TokenKind.OpenParen:
                return ParseCall();

            case TokenKind.Identifier:
                Advance();
                return new NameSyntax(token.Text!, token.Start, token.Length);

            case TokenKind.OpenParen:
                Advance();
                var inner = ParseExpression();
                if (inner is null)
                {
                    return null;
                }

                if (Current.Kind != TokenKind.CloseParen)
                {
                    return Unexpected("')'");
                }

                var close = Advance();
                return inner with { Start = token.Start, Length = close.End - token.Start };

            case TokenKind.OpenBracket:
                _diagnostics.Add(ExpressionErrorCodes.Syntax, token.Start, token.Length, "A list in brackets can only follow 'in', as in \"region in ['EU', 'UK']\".");
                return null;

            default:
                return Unexpected("a value, a name or '('");
        }
    }

    private Syntax? ParseCall()
    {
        var name = Advance();
        Advance(); // (
        var arguments = new List<Syntax>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                var argument = Current.Kind == TokenKind.Identifier && _tokens[_position + 1].Kind == TokenKind.Arrow
                    ? ParseLambda()
                    : ParseExpression();
                if (argument is null)
                {
                    return null;
                }

                arguments.Add(argument);
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        if (Current.Kind != TokenKind.CloseParen)
        {
            return Unexpected("',' or ')'");
        }

        var close = Advance();
        return new CallSyntax(name.Text!, name.Start, arguments, name.Start, close.End - name.Start);
    }

    private Syntax? ParseLambda()
    {
        var parameter = Advance();
        Advance(); // =>
        var body = ParseExpression();
        return body is null ? null : new LambdaSyntax(parameter.Text!, parameter.Start, body, parameter.Start, body.End - parameter.Start);
    }

    private Syntax? ParseList()
    {
        var open = Advance();
        var items = new List<Syntax>();
        if (Current.Kind != TokenKind.CloseBracket)
        {
            while (true)
            {
                if (items.Count >= ExpressionLimits.MaxListItems)
                {
                    _diagnostics.Add(ExpressionErrorCodes.Limit, Current.Start, Current.Length, $"A list may hold at most {ExpressionLimits.MaxListItems} items.");
                    return null;
                }

                var item = ParseExpression();
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }

                break;
            }
        }

        if (Current.Kind != TokenKind.CloseBracket)
        {
            return Unexpected("',' or ']'");
        }

        var close = Advance();
        return new ListSyntax(items, open.Start, close.End - open.Start);
    }
}
