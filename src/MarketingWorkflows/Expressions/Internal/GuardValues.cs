using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Writes the arguments and results of guard function calls as JSON — the form the engine keys
/// them by and the history records — and checks that a result has the type its function declares.
/// </summary>
internal static class GuardValues
{
    public static JsonElement ArgumentsToJson(ReadOnlySpan<Value> arguments)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var argument in arguments)
            {
                Write(writer, argument);
            }

            writer.WriteEndArray();
        }

        return Parse(stream);
    }

    /// <summary>Converts what a function returned into JSON, or says why it does not have the declared type.</summary>
    public static bool TryResultToJson(object? result, ExpressionType type, out JsonElement json, out string problem)
    {
        problem = string.Empty;
        var value = result switch
        {
            null => Value.Null,
            bool b when type.Kind == ExpressionTypeKind.Boolean => Value.Boolean(b),
            decimal d when type.Kind == ExpressionTypeKind.Number => Value.FromNumber(d),
            int i when type.Kind == ExpressionTypeKind.Number => Value.FromNumber(i),
            long l when type.Kind == ExpressionTypeKind.Number => Value.FromNumber(l),
            string s when type.Kind == ExpressionTypeKind.String => Value.FromString(s),
            string s when type.Kind == ExpressionTypeKind.Enum && type.AllowedValues.Contains(s, StringComparer.Ordinal) => Value.FromString(s),
            DateOnly date when type.Kind == ExpressionTypeKind.Date => Value.FromDate(date.DayNumber),
            DateTimeOffset moment when type.Kind == ExpressionTypeKind.DateTime => Value.FromDateTime(moment.UtcTicks),
            TimeSpan duration when type.Kind == ExpressionTypeKind.Duration => Value.FromDuration(duration.Ticks),
            Money money when type.Kind == ExpressionTypeKind.Money && Lexer.IsCurrencyCode(money.Currency ?? string.Empty)
                && (type.Currency is null || type.Currency == money.Currency) => Value.FromMoney(money.Amount, money.Currency!),
            _ => (Value?)null,
        };
        if (value is not { } known)
        {
            json = default;
            problem = $"it returned {Describe(result)}, but it is declared to return a {type}";
            return false;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, known);
        }

        json = Parse(stream);
        return true;
    }

    /// <summary>Describes a call as a guard writes it, such as <c>budgetLeft('EU')</c>.</summary>
    public static string Describe(string function, JsonElement arguments)
        => function + "(" + string.Join(", ", arguments.EnumerateArray().Select(DescribeJson)) + ")";

    private static string DescribeJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "'" + value.GetString() + "'",
        JsonValueKind.Object when value.TryGetProperty("amount", out var amount) && value.TryGetProperty("currency", out var currency)
            => amount.GetRawText() + " " + currency.GetString(),
        _ => value.GetRawText(),
    };

    private static string Describe(object? result) => result switch
    {
        null => "nothing",
        string s => $"the string '{s}'",
        Money m => $"{m} (money)",
        _ => $"{Convert.ToString(result, CultureInfo.InvariantCulture)} ({result.GetType().Name})",
    };

    private static void Write(Utf8JsonWriter writer, in Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Null:
                writer.WriteNullValue();
                break;
            case ValueKind.Boolean:
                writer.WriteBooleanValue(value.IsTrue);
                break;
            case ValueKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case ValueKind.String:
                writer.WriteStringValue(value.GetText());
                break;
            case ValueKind.Date:
                writer.WriteStringValue(DateOnly.FromDayNumber((int)value.Number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case ValueKind.DateTime:
                writer.WriteStringValue(new DateTimeOffset((long)value.Number, TimeSpan.Zero));
                break;
            case ValueKind.Duration:
                writer.WriteStringValue(DurationText.Format(TimeSpan.FromTicks((long)value.Number)));
                break;
            case ValueKind.Money:
                writer.WriteStartObject();
                writer.WriteNumber("amount", value.Number);
                writer.WriteString("currency", value.GetText());
                writer.WriteEndObject();
                break;
            default:
                value.Json.WriteTo(writer);
                break;
        }
    }

    private static JsonElement Parse(MemoryStream stream)
    {
        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
