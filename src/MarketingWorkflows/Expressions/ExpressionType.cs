using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// Describes the static type of a value an expression reads or produces. Instances are immutable
/// and may be shared.
/// </summary>
public sealed class ExpressionType
{
    private static readonly ReadOnlyDictionary<string, ExpressionType> NoFields = new(new Dictionary<string, ExpressionType>());

    private ExpressionType(ExpressionTypeKind kind)
    {
        Kind = kind;
        Fields = NoFields;
        AllowedValues = [];
    }

    /// <summary>Gets the kind of this type.</summary>
    public ExpressionTypeKind Kind { get; }

    /// <summary>Gets the element type of a list, or <see langword="null"/> for other kinds.</summary>
    public ExpressionType? ElementType { get; private init; }

    /// <summary>Gets the fields of an object type (empty for other kinds).</summary>
    public IReadOnlyDictionary<string, ExpressionType> Fields { get; private init; }

    /// <summary>Gets the values an enum type allows (empty for other kinds).</summary>
    public IReadOnlyList<string> AllowedValues { get; private init; }

    /// <summary>Gets the one currency a money type is fixed to, or <see langword="null"/> when any currency is allowed.</summary>
    public string? Currency { get; private init; }

    /// <summary>Gets the boolean type.</summary>
    public static ExpressionType Boolean { get; } = new(ExpressionTypeKind.Boolean);

    /// <summary>Gets the number type.</summary>
    public static ExpressionType Number { get; } = new(ExpressionTypeKind.Number);

    /// <summary>Gets the string type.</summary>
    public static ExpressionType String { get; } = new(ExpressionTypeKind.String);

    /// <summary>Gets the date type.</summary>
    public static ExpressionType Date { get; } = new(ExpressionTypeKind.Date);

    /// <summary>Gets the date-time type.</summary>
    public static ExpressionType DateTime { get; } = new(ExpressionTypeKind.DateTime);

    /// <summary>Gets the duration type.</summary>
    public static ExpressionType Duration { get; } = new(ExpressionTypeKind.Duration);

    /// <summary>Gets the type of the <c>null</c> literal.</summary>
    public static ExpressionType Null { get; } = new(ExpressionTypeKind.Null);

    /// <summary>Gets the money type in any currency.</summary>
    public static ExpressionType AnyMoney { get; } = new(ExpressionTypeKind.Money);

    /// <summary>Marks a sub-expression that already failed to type-check, so one mistake reports once.</summary>
    internal static ExpressionType Error { get; } = new(ExpressionTypeKind.Null);

    internal bool IsError => ReferenceEquals(this, Error);

    /// <summary>Creates a money type, fixed to one currency when <paramref name="currency"/> is given.</summary>
    /// <param name="currency">An ISO 4217 code such as <c>EUR</c>, or <see langword="null"/> for any currency.</param>
    /// <returns>The money type.</returns>
    public static ExpressionType Money(string? currency = null)
    {
        if (currency is null)
        {
            return AnyMoney;
        }

        if (!Internal.Lexer.IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not a currency code: use three capital letters such as EUR.", nameof(currency));
        }

        return new ExpressionType(ExpressionTypeKind.Money) { Currency = currency };
    }

    /// <summary>Creates an enum type that allows the given values.</summary>
    /// <param name="allowedValues">The values, at least one, without duplicates.</param>
    /// <returns>The enum type.</returns>
    public static ExpressionType Enum(IEnumerable<string> allowedValues)
    {
        ArgumentNullException.ThrowIfNull(allowedValues);
        var values = allowedValues.ToArray();
        if (values.Length == 0)
        {
            throw new ArgumentException("An enum type needs at least one allowed value.", nameof(allowedValues));
        }

        if (values.Distinct(StringComparer.Ordinal).Count() != values.Length)
        {
            throw new ArgumentException("An enum type's allowed values must be distinct.", nameof(allowedValues));
        }

        return new ExpressionType(ExpressionTypeKind.Enum) { AllowedValues = Array.AsReadOnly(values) };
    }

    /// <summary>Creates a list type.</summary>
    /// <param name="elementType">The type of each element.</param>
    /// <returns>The list type.</returns>
    public static ExpressionType List(ExpressionType elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        return new ExpressionType(ExpressionTypeKind.List) { ElementType = elementType };
    }

    /// <summary>Creates an object type with the given fields.</summary>
    /// <param name="fields">The fields by name; names are case-sensitive.</param>
    /// <returns>The object type.</returns>
    public static ExpressionType Object(IEnumerable<KeyValuePair<string, ExpressionType>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var map = new Dictionary<string, ExpressionType>(StringComparer.Ordinal);
        foreach (var (name, type) in fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(fields));
            ArgumentNullException.ThrowIfNull(type, nameof(fields));
            if (!map.TryAdd(name, type))
            {
                throw new ArgumentException($"The field '{name}' is listed twice.", nameof(fields));
            }
        }

        return new ExpressionType(ExpressionTypeKind.Object) { Fields = new ReadOnlyDictionary<string, ExpressionType>(map) };
    }

    /// <summary>Describes the type in words, as error messages show it (for example <c>list of string</c>).</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        switch (Kind)
        {
            case ExpressionTypeKind.Null:
                return "null";
            case ExpressionTypeKind.Boolean:
                return "bool";
            case ExpressionTypeKind.Number:
                return "number";
            case ExpressionTypeKind.String:
                return "string";
            case ExpressionTypeKind.Enum:
                return "enum (" + string.Join(", ", AllowedValues) + ")";
            case ExpressionTypeKind.Date:
                return "date";
            case ExpressionTypeKind.DateTime:
                return "datetime";
            case ExpressionTypeKind.Duration:
                return "duration";
            case ExpressionTypeKind.Money:
                return Currency is null ? "money" : "money (" + Currency + ")";
            case ExpressionTypeKind.List:
                return "list of " + ElementType;
            default:
                var text = new StringBuilder("object {");
                text.AppendJoin(", ", Fields.Keys.Order(StringComparer.Ordinal));
                return text.Append('}').ToString();
        }
    }

    internal bool IsTextual => Kind is ExpressionTypeKind.String or ExpressionTypeKind.Enum;
}
