namespace MarketingWorkflows.Expressions;

/// <summary>The stable error codes for expressions.</summary>
public static class ExpressionErrorCodes
{
    /// <summary>The text is not a well-formed expression.</summary>
    public const string Syntax = "MWF301";

    /// <summary>A name does not refer to a data field, an argument, or a lambda parameter.</summary>
    public const string UnknownName = "MWF302";

    /// <summary>An operator or function is applied to values of the wrong type.</summary>
    public const string TypeMismatch = "MWF303";

    /// <summary>A function name is not known.</summary>
    public const string UnknownFunction = "MWF304";

    /// <summary>A function is called with the wrong number of arguments.</summary>
    public const string ArgumentCount = "MWF305";

    /// <summary>Amounts of money in different currencies are compared or combined.</summary>
    public const string CurrencyMismatch = "MWF306";

    /// <summary>The expression is too long, too deeply nested, or too costly to evaluate.</summary>
    public const string Limit = "MWF307";

    /// <summary>A string is compared with an enum field that does not allow it.</summary>
    public const string UnknownEnumValue = "MWF308";

    /// <summary>Evaluation failed at run time (for example division by zero, or data that does not match its schema).</summary>
    public const string Evaluation = "MWF309";

    /// <summary>A guard function failed, took longer than its time limit, or returned a value of another type than it declares, when a command needed it.</summary>
    public const string GuardFunctionFailed = "MWF310";
}
