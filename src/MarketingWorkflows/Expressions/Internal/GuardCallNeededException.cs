using System;
using System.Collections.Generic;
using System.Text.Json;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Raised by an evaluation that reaches a guard function call whose answer was not gathered: the
/// engine makes the call and decides again with the answer. It never leaves the engine.
/// </summary>
/// <remarks>Not an <see cref="InvalidOperationException"/>, so that no refusal handler turns it into a refusal.</remarks>
internal sealed class GuardCallNeededException(GuardFunction function, IReadOnlyList<object> arguments, JsonElement argumentsJson)
    : Exception($"The guard function call {function.Name}{argumentsJson.GetRawText()} has no gathered answer.")
{
    public GuardFunction Function { get; } = function;

    public IReadOnlyList<object> Arguments { get; } = arguments;

    public JsonElement ArgumentsJson { get; } = argumentsJson;

    public string Key => GuardCallRecord.KeyOf(Function.Name, ArgumentsJson);

    /// <summary>Describes the call as a guard writes it, such as <c>budgetLeft('EU')</c>.</summary>
    public string Describe() => GuardValues.Describe(Function.Name, ArgumentsJson);
}
