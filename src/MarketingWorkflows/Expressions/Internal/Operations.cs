using System;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>Equality, ordering and arithmetic over <see cref="Value"/>s whose types the binder has already checked.</summary>
internal static class Operations
{
    public static bool AreEqual(in Value a, in Value b, string display)
    {
        if (a.IsNull || b.IsNull)
        {
            return a.IsNull && b.IsNull;
        }

        switch (a.Kind)
        {
            case ValueKind.String:
                return Value.TextEquals(a, b);
            case ValueKind.Money:
                EnsureSameCurrency(a, b, display);
                return a.Number == b.Number;
            default:
                return a.Number == b.Number;
        }
    }

    public static int Compare(in Value a, in Value b, string display)
    {
        if (a.Kind == ValueKind.Money)
        {
            EnsureSameCurrency(a, b, display);
        }

        return a.Number.CompareTo(b.Number);
    }

    public static void EnsureSameCurrency(in Value a, in Value b, string display)
    {
        if (!Value.TextEquals(a, b))
        {
            throw new ExpressionEvaluationException(
                $"'{display}' mixes currencies: {a.Number} {a.GetText()} and {b.Number} {b.GetText()}. Amounts in different currencies cannot be compared or combined; compare with an amount in the same currency.");
        }
    }

    public static Value Arithmetic(TokenKind op, in Value a, in Value b, ExpressionType type, string display)
    {
        switch (type.Kind)
        {
            case ExpressionTypeKind.Number:
                if (a.Kind == ValueKind.Money)
                {
                    EnsureSameCurrency(a, b, display);
                }

                return Value.FromNumber(Apply(op, a.Number, b.Number, display));

            case ExpressionTypeKind.Money:
                if (a.Kind == ValueKind.Money && b.Kind == ValueKind.Money)
                {
                    EnsureSameCurrency(a, b, display);
                }

                var currency = a.Kind == ValueKind.Money ? a : b;
                var amount = Apply(op, a.Number, b.Number, display);
                return currency.Text is not null ? Value.FromMoney(amount, currency.Text) : Value.FromMoney(amount, currency.Json);

            case ExpressionTypeKind.Duration:
                decimal ticks;
                if (a.Kind == ValueKind.Date)
                {
                    ticks = (a.Number - b.Number) * TimeSpan.TicksPerDay;
                }
                else
                {
                    ticks = Apply(op, a.Number, b.Number, display);
                }

                ticks = decimal.Truncate(ticks);
                if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
                {
                    throw new OverflowException();
                }

                return Value.FromDuration(ticks);

            case ExpressionTypeKind.Date:
                var (day, offset) = a.Kind == ValueKind.Date ? (a.Number, b.Number) : (b.Number, a.Number);
                var days = decimal.Truncate(offset / TimeSpan.TicksPerDay);
                var result = op == TokenKind.Minus ? day - days : day + days;
                if (result < DateOnly.MinValue.DayNumber || result > DateOnly.MaxValue.DayNumber)
                {
                    throw new ArgumentOutOfRangeException(nameof(a));
                }

                return Value.FromDate((int)result);

            case ExpressionTypeKind.DateTime:
                var (moment, span) = a.Kind == ValueKind.DateTime ? (a.Number, b.Number) : (b.Number, a.Number);
                var utcTicks = op == TokenKind.Minus ? moment - span : moment + span;
                if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
                {
                    throw new ArgumentOutOfRangeException(nameof(a));
                }

                return Value.FromDateTime((long)utcTicks);

            default:
                return Value.FromString(a.GetText() + b.GetText());
        }
    }

    private static decimal Apply(TokenKind op, decimal a, decimal b, string display)
    {
        switch (op)
        {
            case TokenKind.Plus:
                return a + b;
            case TokenKind.Minus:
                return a - b;
            case TokenKind.Star:
                return a * b;
            default:
                if (b == 0)
                {
                    throw new ExpressionEvaluationException($"'{display}' divides by zero.");
                }

                return a / b;
        }
    }
}
