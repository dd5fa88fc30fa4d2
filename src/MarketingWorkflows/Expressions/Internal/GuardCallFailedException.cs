using System;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>
/// Raised by an evaluation that reaches a guard function call known to have failed: "what can I
/// do" shows its reason on the action whose guard needs it. Not an
/// <see cref="InvalidOperationException"/>, so no refusal handler mistakes it for a refusal.
/// </summary>
internal sealed class GuardCallFailedException(string reason) : Exception(reason)
{
    /// <summary>Gets the call and why it failed, such as <c>budgetLeft('EU'): it did not answer within 2 s</c>.</summary>
    public string Reason { get; } = reason;
}
