using System;
using System.Collections.Generic;
using System.Text.Json;

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

/// <summary>Sets the constraints of one field.</summary>
public sealed class FieldBuilder
{
    private readonly string _name;
    private readonly FieldType _type;
    private readonly List<FieldDefinition> _fields = [];
    private string? _title;
    private bool _required;
    private decimal? _minimum;
    private decimal? _maximum;
    private IReadOnlyList<string> _allowedValues = [];
    private string? _currency;
    private FieldDefinition? _items;
    private JsonElement? _default;

    internal FieldBuilder(string name, FieldType type)
    {
        _name = name;
        _type = type;
    }

    /// <summary>Sets the human title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    /// <summary>Makes the field required (present and not null).</summary>
    /// <param name="required">Whether it is required.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Required(bool required = true)
    {
        _required = required;
        return this;
    }

    /// <summary>Sets the smallest allowed value (for strings and lists, the length; for money, the amount).</summary>
    /// <param name="minimum">The minimum.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Minimum(decimal minimum)
    {
        _minimum = minimum;
        return this;
    }

    /// <summary>Sets the largest allowed value (for strings and lists, the length; for money, the amount).</summary>
    /// <param name="maximum">The maximum.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Maximum(decimal maximum)
    {
        _maximum = maximum;
        return this;
    }

    /// <summary>Sets the values an enum allows.</summary>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder AllowedValues(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _allowedValues = [.. values];
        return this;
    }

    /// <summary>Fixes a money field to one currency.</summary>
    /// <param name="currency">The ISO 4217 code, such as EUR.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Currency(string currency)
    {
        _currency = currency;
        return this;
    }

    /// <summary>Describes the elements of a list.</summary>
    /// <param name="type">The elements' type.</param>
    /// <param name="configure">Sets their constraints, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Items(FieldType type, Action<FieldBuilder>? configure = null)
    {
        var builder = new FieldBuilder("item", type);
        configure?.Invoke(builder);
        _items = builder.Build();
        return this;
    }

    /// <summary>Adds the fields of a nested object.</summary>
    /// <param name="configure">Adds the fields.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Fields(Action<FieldListBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new FieldListBuilder(_fields));
        return this;
    }

    /// <summary>Sets the value a new instance starts with when none is given.</summary>
    /// <param name="value">The value, as JSON.</param>
    /// <returns>This builder.</returns>
    public FieldBuilder Default(JsonElement value)
    {
        _default = value.Clone();
        return this;
    }

    internal FieldDefinition Build() => new(_name, _type)
    {
        Title = _title,
        Required = _required,
        Minimum = _minimum,
        Maximum = _maximum,
        AllowedValues = _allowedValues,
        Currency = _currency,
        Items = _items,
        Fields = [.. _fields],
        Default = _default,
    };
}
