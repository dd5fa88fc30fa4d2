using System;
using System.Text.Json;

namespace MarketingWorkflows.Expressions;

/// <summary>
/// What an expression is evaluated against: the instance data, the trigger arguments, and the
/// current time (taken once by the caller from its <see cref="TimeProvider"/>, so every
/// <c>now()</c> in one command sees the same instant).
/// </summary>
/// <param name="Data">The instance data, a JSON object (or <c>default</c> for none).</param>
/// <param name="Arguments">The trigger arguments, a JSON object (or <c>default</c> for none).</param>
/// <param name="Now">The current time.</param>
public readonly record struct ExpressionContext(JsonElement Data, JsonElement Arguments, DateTimeOffset Now)
{
    /// <summary>
    /// Gets the results of the guard function calls gathered for this evaluation, or
    /// <see langword="null"/> outside the engine, where a call to a guard function fails.
    /// </summary>
    internal Internal.GuardCallResults? GuardCalls { get; init; }
}
