using System;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>
/// Describes a method the state machine invokes: a guard, an action, or a destination selector.
/// </summary>
public class InvocationInfo
{
    /// <summary>Gets or sets the description used when a delegate has no usable name, such as a lambda.</summary>
    /// <value>"Function". Process-wide, as in Stateless: set it once, at start-up, before any description is read.</value>
    public static string DefaultFunctionDescription { get; set; } = "Function";

    private readonly string? _description;

    /// <summary>
    /// Creates a description of an invocation.
    /// </summary>
    /// <param name="methodName">The name of the method invoked, or <see langword="null"/>.</param>
    /// <param name="description">A human description; when <see langword="null"/>, <see cref="Description"/> derives one from the method name.</param>
    /// <param name="timing">Whether the method runs synchronously or asynchronously.</param>
    public InvocationInfo(string? methodName, string? description, Timing timing)
    {
        MethodName = methodName;
        _description = description;
        IsAsync = timing == Timing.Asynchronous;
    }

    /// <summary>Whether a method runs synchronously or asynchronously.</summary>
    public enum Timing
    {
        /// <summary>The method returns when its work is done.</summary>
        Synchronous,

        /// <summary>The method returns a task.</summary>
        Asynchronous,
    }

    /// <summary>Gets the name of the method invoked, or <see langword="null"/> when unknown.</summary>
    public string? MethodName { get; }

    /// <summary>
    /// Gets the description: the one given at configuration, else the method's name, else
    /// <see cref="DefaultFunctionDescription"/> for compiler-generated names (lambdas).
    /// </summary>
    public string Description
    {
        get
        {
            if (_description is not null)
            {
                return _description;
            }

            if (MethodName is null)
            {
                return "<null>";
            }

            return MethodName.AsSpan().IndexOfAny('<', '>', '`') >= 0 ? DefaultFunctionDescription : MethodName;
        }
    }

    /// <summary>
    /// Gets a value indicating whether this is the always-true guard of an unguarded internal
    /// transition: listed, as Stateless lists it, but left out of diagrams, since nobody wrote it.
    /// </summary>
    internal bool IsImplicit { get; init; }

    /// <summary>Gets a value indicating whether the method is asynchronous.</summary>
    public bool IsAsync { get; }

    /// <summary>
    /// Creates a description of <paramref name="method"/>.
    /// </summary>
    /// <param name="method">The delegate; may be <see langword="null"/> when only a description is known.</param>
    /// <param name="description">A human description, or <see langword="null"/> to derive one from the method name.</param>
    /// <param name="timing">Whether the delegate is asynchronous.</param>
    /// <returns>The description.</returns>
    public static InvocationInfo Create(Delegate? method, string? description, Timing timing = Timing.Synchronous)
        => new(method?.Method.Name, description, timing);

    /// <inheritdoc />
    public override string ToString() => Description;
}
