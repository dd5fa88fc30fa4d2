using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>Checks JSON data against field definitions, collecting every problem with its path.</summary>
internal static class DataValidator
{
    public static void ValidateObject(JsonElement data, IReadOnlyList<FieldDefinition> fields, string path, List<DataError> errors)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DataError(Display(path), $"must be an object, not {Describe(data)}."));
            return;
        }

        foreach (var property in data.EnumerateObject())
        {
            if (!fields.Any(f => f.Name == property.Name))
            {
                var suggestion = Expressions.Internal.Binder.Suggest(property.Name, fields.Select(f => f.Name));
                errors.Add(new DataError(Join(path, property.Name), $"is not a field of this schema.{suggestion}"));
            }
        }

        foreach (var field in fields)
        {
            var fieldPath = Join(path, field.Name);
            if (!data.TryGetProperty(field.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required)
                {
                    errors.Add(new DataError(fieldPath, "is required."));
                }

                continue;
            }

            Validate(value, field, fieldPath, errors);
        }
    }

    public static void Validate(JsonElement value, FieldDefinition field, string path, List<DataError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (field.Required)
            {
                errors.Add(new DataError(path, "is required."));
            }

            return;
        }

        switch (field.Type)
        {
            case FieldType.String:
                if (Expect(value, JsonValueKind.String, "a string", path, errors))
                {
                    CheckRange(value.GetString()!.Length, field, path, "characters long", errors);
                }

                break;

            case FieldType.Number:
                if (Expect(value, JsonValueKind.Number, "a number", path, errors))
                {
                    if (!value.TryGetDecimal(out var number))
                    {
                        errors.Add(new DataError(path, $"{value.GetRawText()} is too large for a decimal number."));
                    }
                    else
                    {
                        CheckRange(number, field, path, null, errors);
                    }
                }

                break;

            case FieldType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new DataError(path, $"must be true or false, not {Describe(value)}."));
                }

                break;

            case FieldType.Enum:
                if (Expect(value, JsonValueKind.String, "a string", path, errors))
                {
                    var text = value.GetString()!;
                    if (!field.AllowedValues.Contains(text, StringComparer.Ordinal))
                    {
                        errors.Add(new DataError(path, $"'{text}' is not one of {string.Join(", ", field.AllowedValues.Select(v => "'" + v + "'"))}.{Expressions.Internal.Binder.Suggest(text, field.AllowedValues)}"));
                    }
                }

                break;

            case FieldType.Date:
                if (Expect(value, JsonValueKind.String, "a date such as \"2026-03-01\"", path, errors)
                    && !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(new DataError(path, $"'{value.GetString()}' is not a date: write it as 2026-03-01."));
                }

                break;

            case FieldType.DateTime:
                if (Expect(value, JsonValueKind.String, "a date-time such as \"2026-03-01T09:00:00Z\"", path, errors))
                {
                    var text = value.GetString()!;
                    if (!value.TryGetDateTimeOffset(out _) || !HasOffset(text))
                    {
                        errors.Add(new DataError(path, $"'{text}' is not a date-time with an offset: write it as 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00."));
                    }
                }

                break;

            case FieldType.Duration:
                if (Expect(value, JsonValueKind.String, "a duration such as \"3d\"", path, errors) && !DurationText.TryParse(value.GetString(), out _))
                {
                    errors.Add(new DataError(path, $"'{value.GetString()}' is not a duration: write it as 3d, 48h, 1d12h or P3D."));
                }

                break;

            case FieldType.Money:
                ValidateMoney(value, field, path, errors);
                break;

            case FieldType.List:
                if (Expect(value, JsonValueKind.Array, "a list", path, errors))
                {
                    CheckRange(value.GetArrayLength(), field, path, "elements long", errors);
                    if (field.Items is not null)
                    {
                        var index = 0;
                        foreach (var element in value.EnumerateArray())
                        {
                            Validate(element, field.Items, $"{path}[{index++}]", errors);
                        }
                    }
                }

                break;

            case FieldType.Object:
                ValidateObject(value, field.Fields, path, errors);
                break;
        }
    }

    private static void ValidateMoney(JsonElement value, FieldDefinition field, string path, List<DataError> errors)
    {
        if (!Expect(value, JsonValueKind.Object, "an amount such as { \"amount\": 10000, \"currency\": \"EUR\" }", path, errors))
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Name is not ("amount" or "currency"))
            {
                errors.Add(new DataError(path + "." + property.Name, "is not part of an amount: money has 'amount' and 'currency'."));
            }
        }

        if (!value.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number || !amount.TryGetDecimal(out var number))
        {
            errors.Add(new DataError(path + ".amount", "must be a number."));
        }
        else
        {
            CheckRange(number, field, path + ".amount", null, errors);
        }

        if (!value.TryGetProperty("currency", out var currency) || currency.ValueKind != JsonValueKind.String || !Lexer.IsCurrencyCode(currency.GetString()!))
        {
            errors.Add(new DataError(path + ".currency", "must be a currency code of three capital letters, such as EUR."));
        }
        else if (field.Currency is not null && currency.GetString() != field.Currency)
        {
            errors.Add(new DataError(path + ".currency", $"must be {field.Currency}, not {currency.GetString()}."));
        }
    }

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.IndexOfAny(['+', '-'], time) > 0);
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string what, string path, List<DataError> errors)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        errors.Add(new DataError(path, $"must be {what}, not {Describe(value)}."));
        return false;
    }

    private static void CheckRange(decimal value, FieldDefinition field, string path, string? unit, List<DataError> errors)
    {
        var suffix = unit is null ? string.Empty : " " + unit;
        var shown = value.ToString(CultureInfo.InvariantCulture);
        if (field.Minimum is { } min && value < min)
        {
            errors.Add(new DataError(path, unit is null ? $"{shown} is less than the minimum {min.ToString(CultureInfo.InvariantCulture)}." : $"is {shown}{suffix}; the minimum is {min.ToString(CultureInfo.InvariantCulture)}."));
        }

        if (field.Maximum is { } max && value > max)
        {
            errors.Add(new DataError(path, unit is null ? $"{shown} is more than the maximum {max.ToString(CultureInfo.InvariantCulture)}." : $"is {shown}{suffix}; the maximum is {max.ToString(CultureInfo.InvariantCulture)}."));
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Display(string path) => path.Length == 0 ? "(data)" : path;

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "the string '" + value.GetString() + "'",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };
}
