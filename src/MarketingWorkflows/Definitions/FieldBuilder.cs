using System;
using System.Collections.Generic;
using System.Text.Json;

namespace MarketingWorkflows.Definitions;

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
