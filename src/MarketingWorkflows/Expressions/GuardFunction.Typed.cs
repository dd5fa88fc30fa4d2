using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Expressions;

/// <content>
/// Typed ways to declare a guard function: the parameter and result types follow from the C#
/// types of a delegate (<see cref="bool"/>, <see cref="decimal"/>, <see cref="string"/>,
/// <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="Money"/>).
/// </content>
public sealed partial class GuardFunction
{
    /// <summary>Creates a guard function without parameters.</summary>
    /// <typeparam name="TResult">The result's C# type.</typeparam>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call.</param>
    /// <returns>The guard function.</returns>
    /// <exception cref="ArgumentException">The name is not usable, or a type is not one guards use.</exception>
    public static GuardFunction Create<TResult>(string name, Func<IServiceProvider, CancellationToken, ValueTask<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, [], TypeOf(typeof(TResult), name), async (_, services, ct) => await function(services, ct).ConfigureAwait(false));
    }

    /// <summary>Creates a guard function with one parameter, such as <c>budgetLeft(region)</c>.</summary>
    /// <typeparam name="T1">The parameter's C# type.</typeparam>
    /// <typeparam name="TResult">The result's C# type.</typeparam>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call.</param>
    /// <returns>The guard function.</returns>
    /// <exception cref="ArgumentException">The name is not usable, or a type is not one guards use.</exception>
    public static GuardFunction Create<T1, TResult>(string name, Func<T1, IServiceProvider, CancellationToken, ValueTask<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, [TypeOf(typeof(T1), name)], TypeOf(typeof(TResult), name), async (args, services, ct) => await function((T1)args[0], services, ct).ConfigureAwait(false));
    }

    /// <summary>Creates a guard function with two parameters.</summary>
    /// <typeparam name="T1">The first parameter's C# type.</typeparam>
    /// <typeparam name="T2">The second parameter's C# type.</typeparam>
    /// <typeparam name="TResult">The result's C# type.</typeparam>
    /// <param name="name">The name guards call it by.</param>
    /// <param name="function">Answers a call.</param>
    /// <returns>The guard function.</returns>
    /// <exception cref="ArgumentException">The name is not usable, or a type is not one guards use.</exception>
    public static GuardFunction Create<T1, T2, TResult>(string name, Func<T1, T2, IServiceProvider, CancellationToken, ValueTask<TResult>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new(name, [TypeOf(typeof(T1), name), TypeOf(typeof(T2), name)], TypeOf(typeof(TResult), name), async (args, services, ct) => await function((T1)args[0], (T2)args[1], services, ct).ConfigureAwait(false));
    }

    /// <summary>Maps a C# type onto the expression type of a parameter or result.</summary>
    private static ExpressionType TypeOf(Type type, string name)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain switch
        {
            _ when plain == typeof(bool) => ExpressionType.Boolean,
            _ when plain == typeof(decimal) => ExpressionType.Number,
            _ when plain == typeof(string) => ExpressionType.String,
            _ when plain == typeof(DateOnly) => ExpressionType.Date,
            _ when plain == typeof(DateTimeOffset) => ExpressionType.DateTime,
            _ when plain == typeof(TimeSpan) => ExpressionType.Duration,
            _ when plain == typeof(Money) => ExpressionType.AnyMoney,
            _ => throw new ArgumentException($"The guard function '{name}' uses the type {type.Name}; guard functions take and return bool, decimal, string, DateOnly, DateTimeOffset, TimeSpan or Money."),
        };
    }
}
