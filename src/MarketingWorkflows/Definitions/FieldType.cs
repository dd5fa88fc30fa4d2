namespace MarketingWorkflows.Definitions;

/// <summary>The type of a data field or a trigger argument.</summary>
public enum FieldType
{
    /// <summary>Text.</summary>
    String,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>An amount with a currency: <c>{ "amount": 10000, "currency": "EUR" }</c>.</summary>
    Money,

    /// <summary>A calendar date: <c>"2026-03-01"</c>.</summary>
    Date,

    /// <summary>A point in time with an offset: <c>"2026-03-01T09:00:00Z"</c>.</summary>
    DateTime,

    /// <summary>A length of time: <c>"3d"</c>, <c>"48h"</c> or ISO 8601 <c>"P3D"</c>.</summary>
    Duration,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of a fixed set of strings.</summary>
    Enum,

    /// <summary>A list whose elements are described by <see cref="FieldDefinition.Items"/>.</summary>
    List,

    /// <summary>A nested object whose fields are described by <see cref="FieldDefinition.Fields"/>.</summary>
    Object,
}
