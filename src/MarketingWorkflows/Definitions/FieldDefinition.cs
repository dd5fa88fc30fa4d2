using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// A typed field of a process's data, or an argument of a trigger, with its constraints.
/// Immutable.
/// </summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string name, FieldType type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>Gets the field's name (case-sensitive; a letter followed by letters, digits or '_').</summary>
    public string Name { get; }

    /// <summary>Gets the field's type.</summary>
    public FieldType Type { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets a value indicating whether the field must be present and not null.</summary>
    public bool Required { get; internal init; }

    /// <summary>Gets the smallest allowed value: for numbers the value, for money the amount, for strings and lists the length.</summary>
    public decimal? Minimum { get; internal init; }

    /// <summary>Gets the largest allowed value: for numbers the value, for money the amount, for strings and lists the length.</summary>
    public decimal? Maximum { get; internal init; }

    /// <summary>Gets the values an enum allows (empty for other types).</summary>
    public IReadOnlyList<string> AllowedValues { get; internal init; } = [];

    /// <summary>Gets the one currency a money field must use, or <see langword="null"/> for any.</summary>
    public string? Currency { get; internal init; }

    /// <summary>Gets the description of each element of a list, or <see langword="null"/> for other types.</summary>
    public FieldDefinition? Items { get; internal init; }

    /// <summary>Gets the fields of a nested object (empty for other types).</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; internal init; } = [];

    /// <summary>Gets the value a new instance starts with when none is given, or <see langword="null"/>.</summary>
    public JsonElement? Default { get; internal init; }

    /// <summary>Gets the type the expression language sees for this field.</summary>
    /// <returns>The expression type.</returns>
    public ExpressionType ToExpressionType() => Type switch
    {
        FieldType.String => ExpressionType.String,
        FieldType.Number => ExpressionType.Number,
        FieldType.Money => ExpressionType.Money(Currency),
        FieldType.Date => ExpressionType.Date,
        FieldType.DateTime => ExpressionType.DateTime,
        FieldType.Duration => ExpressionType.Duration,
        FieldType.Boolean => ExpressionType.Boolean,
        FieldType.Enum => AllowedValues.Count == 0 ? ExpressionType.String : ExpressionType.Enum(AllowedValues),
        FieldType.List => ExpressionType.List(Items?.ToExpressionType() ?? ExpressionType.String),
        _ => ToObjectType(Fields),
    };

    internal static ExpressionType ToObjectType(IReadOnlyList<FieldDefinition> fields)
        => ExpressionType.Object(fields
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.First().ToExpressionType())));
}
