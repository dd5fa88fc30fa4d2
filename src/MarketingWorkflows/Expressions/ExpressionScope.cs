using System;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// Names what an expression may read: the instance data's fields at the top level, and the
/// trigger's arguments under <c>args</c>. Immutable; share it between expressions.
/// </summary>
public sealed class ExpressionScope
{
    /// <summary>The name under which trigger arguments are read, as in <c>args.reason</c>.</summary>
    public const string ArgumentsName = "args";

    /// <summary>Initializes a scope.</summary>
    /// <param name="data">The instance data's type: an object type, or <see langword="null"/> for none.</param>
    /// <param name="arguments">The trigger arguments' type: an object type, or <see langword="null"/> when <c>args</c> is not available.</param>
    /// <exception cref="ArgumentException">A type is not an object type, or the data has a field named <c>args</c>.</exception>
    public ExpressionScope(ExpressionType? data = null, ExpressionType? arguments = null)
    {
        Data = data ?? ExpressionType.Object([]);
        if (Data.Kind != ExpressionTypeKind.Object)
        {
            throw new ArgumentException("The data type must be an object type.", nameof(data));
        }

        if (arguments is not null && arguments.Kind != ExpressionTypeKind.Object)
        {
            throw new ArgumentException("The arguments type must be an object type.", nameof(arguments));
        }

        if (Data.Fields.ContainsKey(ArgumentsName))
        {
            throw new ArgumentException($"A data field may not be called '{ArgumentsName}': that name reads trigger arguments.", nameof(data));
        }

        Arguments = arguments;
    }

    /// <summary>Gets the type of the instance data.</summary>
    public ExpressionType Data { get; }

    /// <summary>Gets the type of the trigger arguments, or <see langword="null"/> when expressions may not read <c>args</c>.</summary>
    public ExpressionType? Arguments { get; }

    /// <summary>Gets the guard functions expressions may call (none unless given with <see cref="WithFunctions"/>).</summary>
    public GuardFunctionCatalog Functions { get; private init; } = GuardFunctionCatalog.Empty;

    /// <summary>Returns a scope that reads the same data and arguments and may call <paramref name="functions"/>.</summary>
    /// <param name="functions">The guard functions.</param>
    /// <returns>The new scope.</returns>
    public ExpressionScope WithFunctions(GuardFunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return ReferenceEquals(functions, Functions) ? this : new ExpressionScope(Data, Arguments) { Functions = functions };
    }
}
