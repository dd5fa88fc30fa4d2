using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Adds typed fields to a data schema, a trigger's arguments, or a nested object.</summary>
public sealed class FieldListBuilder
{
    private readonly List<FieldDefinition> _fields;

    internal FieldListBuilder(List<FieldDefinition> fields)
    {
        _fields = fields;
    }

    /// <summary>Adds a field of any type.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="type">The field's type.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Field(string name, FieldType type, Action<FieldBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new FieldBuilder(name, type);
        configure?.Invoke(builder);
        _fields.Add(builder.Build());
        return this;
    }

    /// <summary>Adds a string field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder String(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.String, configure);

    /// <summary>Adds a number field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Number(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.Number, configure);

    /// <summary>Adds a money field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Money(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.Money, configure);

    /// <summary>Adds a date field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Date(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.Date, configure);

    /// <summary>Adds a date-time field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder DateTime(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.DateTime, configure);

    /// <summary>Adds a duration field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Duration(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.Duration, configure);

    /// <summary>Adds a boolean field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Boolean(string name, Action<FieldBuilder>? configure = null) => Field(name, FieldType.Boolean, configure);

    /// <summary>Adds an enum field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="values">The allowed values.</param>
    /// <param name="configure">Sets its constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Enum(string name, IEnumerable<string> values, Action<FieldBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Field(name, FieldType.Enum, f =>
        {
            f.AllowedValues(values);
            configure?.Invoke(f);
        });
    }

    /// <summary>Adds a list field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="itemType">The type of each element.</param>
    /// <param name="configureItems">Sets the elements' constraints (an enum's values, an object's fields), or <see langword="null"/>.</param>
    /// <param name="configure">Sets the list's own constraints (required, length), or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder List(string name, FieldType itemType, Action<FieldBuilder>? configureItems = null, Action<FieldBuilder>? configure = null)
        => Field(name, FieldType.List, f =>
        {
            f.Items(itemType, configureItems);
            configure?.Invoke(f);
        });

    /// <summary>Adds a nested object field.</summary>
    /// <param name="name">The field's name.</param>
    /// <param name="fields">Adds the object's fields.</param>
    /// <param name="configure">Sets the object's own constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldListBuilder Object(string name, Action<FieldListBuilder> fields, Action<FieldBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Field(name, FieldType.Object, f =>
        {
            f.Fields(fields);
            configure?.Invoke(f);
        });
    }
}
