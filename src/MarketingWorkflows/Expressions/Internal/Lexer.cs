using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Splits an expression's text into tokens. Stops at the first lexical error, which it reports
/// through <see cref="Diagnostics"/> with the offending position.
/// </summary>
internal static class Lexer
{
    public static bool IsCurrencyCode(string text)
        => text.Length == 3 && text.All(char.IsAsciiLetterUpper);

    public static List<Token>? Tokenize(string text, Diagnostics diagnostics)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, 0));
                return tokens;
            }

            if (tokens.Count >= ExpressionLimits.MaxTokens)
            {
                diagnostics.Add(ExpressionErrorCodes.Limit, i, 1, $"The expression has more than {ExpressionLimits.MaxTokens} tokens: split the condition, or move part of it into data.");
                return null;
            }

            var c = text[i];
            var start = i;
            if (char.IsAsciiDigit(c))
            {
                if (!LexNumberLike(text, ref i, tokens, diagnostics))
                {
                    return null;
                }

                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var word = text[start..i];
                var kind = word switch
                {
                    "true" => TokenKind.True,
                    "false" => TokenKind.False,
                    "null" => TokenKind.Null,
                    "and" => TokenKind.And,
                    "or" => TokenKind.Or,
                    "not" => TokenKind.Not,
                    "in" => TokenKind.In,
                    _ => TokenKind.Identifier,
                };
                tokens.Add(new Token(kind, start, i - start, Text: kind == TokenKind.Identifier ? word : null));
                continue;
            }

            if (c is '\'' or '"')
            {
                if (!LexString(text, ref i, tokens, diagnostics))
                {
                    return null;
                }

                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            TokenKind symbol;
            var length = 1;
            switch (c)
            {
                case '(': symbol = TokenKind.OpenParen; break;
                case ')': symbol = TokenKind.CloseParen; break;
                case '[': symbol = TokenKind.OpenBracket; break;
                case ']': symbol = TokenKind.CloseBracket; break;
                case ',': symbol = TokenKind.Comma; break;
                case '.': symbol = TokenKind.Dot; break;
                case '+': symbol = TokenKind.Plus; break;
                case '-': symbol = TokenKind.Minus; break;
                case '*': symbol = TokenKind.Star; break;
                case '/': symbol = TokenKind.Slash; break;
                case '<':
                    (symbol, length) = next == '=' ? (TokenKind.LessOrEqual, 2) : (TokenKind.Less, 1);
                    break;
                case '>':
                    (symbol, length) = next == '=' ? (TokenKind.GreaterOrEqual, 2) : (TokenKind.Greater, 1);
                    break;
                case '=' when next == '=':
                    (symbol, length) = (TokenKind.Equal, 2);
                    break;
                case '=' when next == '>':
                    (symbol, length) = (TokenKind.Arrow, 2);
                    break;
                case '=':
                    diagnostics.Add(ExpressionErrorCodes.Syntax, i, 1, "A single '=' is not an operator: use '==' to compare.");
                    return null;
                case '!' when next == '=':
                    (symbol, length) = (TokenKind.NotEqual, 2);
                    break;
                case '!':
                    diagnostics.Add(ExpressionErrorCodes.Syntax, i, 1, "'!' is not an operator: write 'not' to negate, or '!=' to compare.");
                    return null;
                case '&':
                    diagnostics.Add(ExpressionErrorCodes.Syntax, i, next == '&' ? 2 : 1, "'&' is not an operator: write 'and'.");
                    return null;
                case '|':
                    diagnostics.Add(ExpressionErrorCodes.Syntax, i, next == '|' ? 2 : 1, "'|' is not an operator: write 'or'.");
                    return null;
                default:
                    diagnostics.Add(ExpressionErrorCodes.Syntax, i, 1, $"The character {Show(c)} cannot appear here.");
                    return null;
            }

            tokens.Add(new Token(symbol, start, length));
            i += length;
        }
    }

    private static string Show(char c)
        => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            ? $"U+{(int)c:X4}"
            : $"'{c}'";

    private static bool LexString(string text, ref int i, List<Token> tokens, Diagnostics diagnostics)
    {
        var start = i;
        var quote = text[i++];
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (i >= text.Length || text[i] is '\n' or '\r')
            {
                diagnostics.Add(ExpressionErrorCodes.Syntax, start, Math.Max(1, i - start), $"The string starting here has no closing {quote}.");
                return false;
            }

            var c = text[i++];
            if (c == quote)
            {
                // A doubled quote stands for one quote character: 'O''Brien'.
                if (i < text.Length && text[i] == quote)
                {
                    value.Append(quote);
                    i++;
                    continue;
                }

                tokens.Add(new Token(TokenKind.String, start, i - start, Text: value.ToString()));
                return true;
            }

            if (value.Length >= ExpressionLimits.MaxStringLiteralLength)
            {
                diagnostics.Add(ExpressionErrorCodes.Limit, start, i - start, $"A string may hold at most {ExpressionLimits.MaxStringLiteralLength} characters.");
                return false;
            }

            value.Append(c);
        }
    }

    private static bool LexNumberLike(string text, ref int i, List<Token> tokens, Diagnostics diagnostics)
    {
        var start = i;
        var digits = ScanDigits(text, ref i);

        // A date: 2026-03-01, optionally with a time: 2026-03-01T09:30:00Z.
        if (digits == 4 && LooksLikeDate(text, i))
        {
            return LexDate(text, start, ref i, tokens, diagnostics);
        }

        if (At(text, i, '.') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            ScanDigits(text, ref i);
        }

        var numberText = text.AsSpan(start, i - start);
        if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || numberText.Length > ExpressionLimits.MaxNumberLiteralLength)
        {
            diagnostics.Add(ExpressionErrorCodes.Syntax, start, i - start, $"'{numberText}' is not a number this language can hold (at most {ExpressionLimits.MaxNumberLiteralLength} characters, 28 significant digits).");
            return false;
        }

        // A duration: a number with a unit straight after it (3d, 48h, 30m, 45s, 2w).
        if (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            var unitStart = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            var unit = text[unitStart..i];
            TimeSpan per;
            switch (unit)
            {
                case "w": per = TimeSpan.FromDays(7); break;
                case "d": per = TimeSpan.FromDays(1); break;
                case "h": per = TimeSpan.FromHours(1); break;
                case "m": per = TimeSpan.FromMinutes(1); break;
                case "s": per = TimeSpan.FromSeconds(1); break;
                default:
                    diagnostics.Add(ExpressionErrorCodes.Syntax, start, i - start, $"'{text[start..i]}' is not a duration: use a number with one of the units w, d, h, m, s (for example 3d or 48h).");
                    return false;
            }

            var ticks = number * per.Ticks;
            if (ticks > TimeSpan.MaxValue.Ticks || decimal.Truncate(ticks) != ticks)
            {
                diagnostics.Add(ExpressionErrorCodes.Syntax, start, i - start, $"'{text[start..i]}' is not a duration this language can hold.");
                return false;
            }

            tokens.Add(new Token(TokenKind.Duration, start, i - start, ticks));
            return true;
        }

        // Money: a number, spaces, then a currency code of three capital letters (10000 EUR).
        var j = i;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j > i && j + 3 <= text.Length
            && char.IsAsciiLetterUpper(text[j]) && char.IsAsciiLetterUpper(text[j + 1]) && char.IsAsciiLetterUpper(text[j + 2])
            && (j + 3 == text.Length || !(char.IsAsciiLetterOrDigit(text[j + 3]) || text[j + 3] == '_')))
        {
            i = j + 3;
            tokens.Add(new Token(TokenKind.Money, start, i - start, number, text.Substring(j, 3)));
            return true;
        }

        tokens.Add(new Token(TokenKind.Number, start, i - start, number));
        return true;
    }

    private static bool LexDate(string text, int start, ref int i, List<Token> tokens, Diagnostics diagnostics)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or ':' or '.' or '+'))
        {
            // A '+' or '-' continues a date-time only as its offset (after the time); elsewhere it is an operator.
            if (text[i] is '+' && text.AsSpan(start, i - start).IndexOf('T') < 0)
            {
                break;
            }

            i++;
        }

        var literal = text[start..i];
        if (literal.Length == 10)
        {
            if (DateOnly.TryParseExact(literal, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                tokens.Add(new Token(TokenKind.Date, start, i - start, date.DayNumber));
                return true;
            }
        }
        else if (literal.Length > 10 && literal[10] == 'T'
            && DateTimeOffset.TryParseExact(literal, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            tokens.Add(new Token(TokenKind.DateTime, start, i - start, moment.UtcTicks));
            return true;
        }

        diagnostics.Add(ExpressionErrorCodes.Syntax, start, i - start, $"'{literal}' is not a date or date-time: write a date as 2026-03-01 and a date-time as 2026-03-01T09:30:00Z (or with an offset such as +02:00).");
        return false;
    }

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    // After four digits: -MM-dd follows.
    private static bool LooksLikeDate(string text, int i)
        => i + 6 <= text.Length
            && text[i] == '-' && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2])
            && text[i + 3] == '-' && char.IsAsciiDigit(text[i + 4]) && char.IsAsciiDigit(text[i + 5]);

    private static bool At(string text, int i, char c) => i < text.Length && text[i] == c;

    private static int ScanDigits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }
}
