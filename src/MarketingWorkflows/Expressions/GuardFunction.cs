using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// A function of the host application that transition guards may call, such as
/// <c>budgetLeft(region) &gt;= budget</c>: its name, the types of its parameters and of its result
/// (checked when a definition is loaded), and the code that answers a call. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// The engine calls a guard function before it decides a command, with a time limit
/// (<see cref="MarketingWorkflowsOptions.GuardFunctionTimeout"/>), and records each call —
/// its name, arguments and result — in the history entry the guard decided. A call with a
/// missing argument (a data field without a value) is not made: its result is <c>null</c>, and a
/// comparison with it is false.
/// </para>
/// <para>
/// Parameters and results are booleans, numbers, strings, enums, dates, date-times, durations or
/// money; the code receives <see cref="bool"/>, <see cref="decimal"/>, <see cref="string"/>,
/// <see cref="DateOnly"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/> or
/// <see cref="Money"/>, and returns one of these (or <see langword="null"/>).
/// </para>
/// </remarks>
public sealed partial class GuardFunction
{
    /// <summary>The most parameters a guard function may have: 8.</summary>
    public const int MaxParameters = 8;

    private static readonly string[] Reserved = ["all", "and", "any", "args", "contains", "days", "endsWith", "false", "in", "len", "not", "now", "null", "or", "startsWith", "today", "true"];

    private readonly Func<IReadOnlyList<object>, IServiceProvider, CancellationToken, ValueTask<object?>> _invoke;

    /// <summary>Initializes a guard function.</summary>
    /// <param name="name">The name guards call it by: a letter, then letters and digits, such as <c>budgetLeft</c>; not a built-in function or keyword.</param>
    /// <param name="parameters">The type of each parameter, at most <see cref="MaxParameters"/>.</param>
    /// <param name="resultType">The type of the result.</param>
    /// <param name="invoke">Answers a call: it receives the arguments (never <see langword="null"/>), the host's services and a token cancelled when the time limit passes.</param>
    /// <exception cref="ArgumentException">The name is not usable, or a type is a list or an object.</exception>
    public GuardFunction(string name, IEnumerable<ExpressionType> parameters, ExpressionType resultType, Func<IReadOnlyList<object>, IServiceProvider, CancellationToken, ValueTask<object?>> invoke)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(invoke);
        if (!NamePattern().IsMatch(name) || Reserved.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{name}' cannot name a guard function: use a letter followed by letters and digits (such as budgetLeft), not a built-in function or keyword.", nameof(name));
        }

        var list = parameters.ToArray();
        if (list.Length > MaxParameters)
        {
            throw new ArgumentException($"The guard function '{name}' has {list.Length} parameters; at most {MaxParameters} are allowed.", nameof(parameters));
        }

        for (var i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(parameters));
            ThrowIfNotScalar(list[i], $"Parameter {i + 1} of the guard function '{name}'", nameof(parameters));
        }

        ThrowIfNotScalar(resultType, $"The result of the guard function '{name}'", nameof(resultType));
        Name = name;
        Parameters = Array.AsReadOnly(list);
        ResultType = resultType;
        _invoke = invoke;
    }

    /// <summary>Gets the name guards call the function by.</summary>
    public string Name { get; }

    /// <summary>Gets the type of each parameter.</summary>
    public IReadOnlyList<ExpressionType> Parameters { get; }

    /// <summary>Gets the type of the result.</summary>
    public ExpressionType ResultType { get; }

    /// <summary>Calls the function's code.</summary>
    /// <param name="arguments">The arguments, one for each parameter.</param>
    /// <param name="services">The host's services.</param>
    /// <param name="cancellationToken">Cancelled when the call is no longer wanted (its time limit passed).</param>
    /// <returns>The result.</returns>
    public ValueTask<object?> InvokeAsync(IReadOnlyList<object> arguments, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(services);
        return _invoke(arguments, services, cancellationToken);
    }

    /// <summary>Describes the function as error messages show it, such as <c>budgetLeft(string) -&gt; money</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name}({string.Join(", ", Parameters)}) -> {ResultType}";

    private static void ThrowIfNotScalar(ExpressionType type, string what, string parameter)
    {
        if (type.Kind is ExpressionTypeKind.List or ExpressionTypeKind.Object or ExpressionTypeKind.Null)
        {
            throw new ArgumentException($"{what} is a {type}; guard functions take and return booleans, numbers, strings, enums, dates, date-times, durations or money.", parameter);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
