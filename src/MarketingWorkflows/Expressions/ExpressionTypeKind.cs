namespace MarketingWorkflows.Expressions;

/// <summary>Identifies the kind of an <see cref="ExpressionType"/>.</summary>
public enum ExpressionTypeKind
{
    /// <summary>The type of the <c>null</c> literal.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>Text.</summary>
    String,

    /// <summary>Text restricted to a fixed set of values.</summary>
    Enum,

    /// <summary>A calendar date without a time.</summary>
    Date,

    /// <summary>A point in time (compared in UTC).</summary>
    DateTime,

    /// <summary>A length of time.</summary>
    Duration,

    /// <summary>An amount of money in one currency.</summary>
    Money,

    /// <summary>A list of values of one type.</summary>
    List,

    /// <summary>An object with named fields.</summary>
    Object,
}
