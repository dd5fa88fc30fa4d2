using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MarketingWorkflows.Expressions.Internal;

internal enum ValueKind : byte
{
    Null,
    Boolean,
    Number,
    String,
    Date,
    DateTime,
    Duration,
    Money,
    List,
    Object,
}

/// <summary>
/// A value during evaluation, without boxing. Numbers, amounts, day numbers (dates), UTC ticks
/// (date-times), ticks (durations) and booleans live in <see cref="Number"/>; text lives either in
/// <see cref="Text"/> or, read lazily from the data, in <see cref="Json"/> (for money, the
/// currency); lists and objects are the data's own <see cref="JsonElement"/>s.
/// </summary>
internal readonly struct Value
{
    private Value(ValueKind kind, decimal number, string? text, JsonElement json)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Json = json;
    }

    public ValueKind Kind { get; }

    public decimal Number { get; }

    public string? Text { get; }

    public JsonElement Json { get; }

    public bool IsNull => Kind == ValueKind.Null;

    public bool IsTrue => Kind == ValueKind.Boolean && Number != 0;

    public static Value Null => default;

    public static Value True { get; } = new(ValueKind.Boolean, 1, null, default);

    public static Value False { get; } = new(ValueKind.Boolean, 0, null, default);

    public static Value Boolean(bool value) => value ? True : False;

    public static Value FromNumber(decimal value) => new(ValueKind.Number, value, null, default);

    public static Value FromString(string value) => new(ValueKind.String, 0, value, default);

    public static Value FromJsonString(JsonElement value) => new(ValueKind.String, 0, null, value);

    public static Value FromDate(int dayNumber) => new(ValueKind.Date, dayNumber, null, default);

    public static Value FromDateTime(long utcTicks) => new(ValueKind.DateTime, utcTicks, null, default);

    public static Value FromDuration(decimal ticks) => new(ValueKind.Duration, ticks, null, default);

    public static Value FromMoney(decimal amount, string currency) => new(ValueKind.Money, amount, currency, default);

    public static Value FromMoney(decimal amount, JsonElement currency) => new(ValueKind.Money, amount, null, currency);

    public static Value FromList(JsonElement list) => new(ValueKind.List, 0, null, list);

    public static Value FromObject(JsonElement value) => new(ValueKind.Object, 0, null, value);

    /// <summary>Gets the text of a string value, or the currency of a money value (allocates when read from the data).</summary>
    public string GetText() => Text ?? Json.GetString() ?? string.Empty;

    /// <summary>Compares the text of two string values (or the currencies of two money values) ordinally, without allocating when either is not from the data.</summary>
    public static bool TextEquals(in Value a, in Value b)
    {
        if (a.Text is not null && b.Text is not null)
        {
            return string.Equals(a.Text, b.Text, StringComparison.Ordinal);
        }

        if (a.Text is not null)
        {
            return b.Json.ValueEquals(a.Text);
        }

        if (b.Text is not null)
        {
            return a.Json.ValueEquals(b.Text);
        }

        // Both from the data: compare b's raw UTF-8 (without its quotes) unless it holds escapes.
        var raw = JsonMarshal.GetRawUtf8Value(b.Json);
        if (raw.Length >= 2 && raw.IndexOf((byte)'\\') < 0)
        {
            return a.Json.ValueEquals(raw[1..^1]);
        }

        return a.Json.ValueEquals(b.Json.GetString());
    }

    public object? ToObject() => Kind switch
    {
        ValueKind.Null => null,
        ValueKind.Boolean => IsTrue,
        ValueKind.Number => Number,
        ValueKind.String => GetText(),
        ValueKind.Date => DateOnly.FromDayNumber((int)Number),
        ValueKind.DateTime => new DateTimeOffset((long)Number, TimeSpan.Zero),
        ValueKind.Duration => TimeSpan.FromTicks((long)Number),
        ValueKind.Money => new Money(Number, GetText()),
        _ => Json.Clone(),
    };

    /// <summary>Reads a value of the given static type from the data; JSON null or a missing value is <see cref="Null"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromJson(JsonElement element, ExpressionType type, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return Null;
        }

        switch (type.Kind)
        {
            case ExpressionTypeKind.Number when element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number):
                return FromNumber(number);
            case ExpressionTypeKind.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return Boolean(element.ValueKind == JsonValueKind.True);
            case ExpressionTypeKind.String or ExpressionTypeKind.Enum when element.ValueKind == JsonValueKind.String:
                return FromJsonString(element);
            case ExpressionTypeKind.Date when element.ValueKind == JsonValueKind.String && element.TryGetDateTime(out var date):
                return FromDate(DateOnly.FromDateTime(date).DayNumber);
            case ExpressionTypeKind.DateTime when element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var moment):
                return FromDateTime(moment.UtcTicks);
            case ExpressionTypeKind.Duration when element.ValueKind == JsonValueKind.String && TryGetDuration(element, out var duration):
                return FromDuration(duration.Ticks);
            case ExpressionTypeKind.Money when element.ValueKind == JsonValueKind.Object
                && element.TryGetProperty("amount"u8, out var amount) && amount.TryGetDecimal(out var value)
                && element.TryGetProperty("currency"u8, out var currency) && currency.ValueKind == JsonValueKind.String:
                return FromMoney(value, currency);
            case ExpressionTypeKind.List when element.ValueKind == JsonValueKind.Array:
                return FromList(element);
            case ExpressionTypeKind.Object when element.ValueKind == JsonValueKind.Object:
                return FromObject(element);
            default:
                throw new ExpressionEvaluationException($"The data at '{path}' is {Describe(element)}, but its schema says {type}.");
        }
    }

    private static bool TryGetDuration(JsonElement element, out TimeSpan duration)
    {
        // Durations are short ASCII strings ("3d", "PT48H"): decode them on the stack.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length is >= 2 and <= 66 && raw.IndexOf((byte)'\\') < 0)
        {
            Span<char> chars = stackalloc char[64];
            var count = System.Text.Encoding.UTF8.GetChars(raw[1..^1], chars);
            return DurationText.TryParse(chars[..count], out duration);
        }

        return DurationText.TryParse(element.GetString(), out duration);
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "the string " + Shorten(element.GetString()!),
        JsonValueKind.Number => "the number " + element.GetRawText(),
        _ => element.GetRawText(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}...'";
}
