using System;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Thrown when a command's guard needs a guard function that fails: it throws, takes longer than
/// <see cref="MarketingWorkflowsOptions.GuardFunctionTimeout"/>, or returns a value of another type
/// than it declares. Nothing was changed; trying again may work.
/// </summary>
public sealed class GuardFunctionFailedException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="function">The guard function's name.</param>
    /// <param name="call">The call as a guard writes it, such as <c>hasQuota('team-a')</c>.</param>
    /// <param name="reason">What went wrong, such as <c>it did not answer within 2 seconds</c>.</param>
    /// <param name="innerException">The exception the function threw, or <see langword="null"/>.</param>
    public GuardFunctionFailedException(Guid instanceId, string function, string call, string reason, Exception? innerException = null)
        : base(CommandFailure.GuardFunctionFailed, $"The guard function '{function}' failed for instance {instanceId}: {call}: {reason}. Nothing was changed; try again, or ask whoever runs '{function}' to look at it.", [$"{call}: {reason}"])
    {
        InstanceId = instanceId;
        Function = function;
        Call = call;
        Cause = innerException;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the guard function's name.</summary>
    public string Function { get; }

    /// <summary>Gets the call as a guard writes it, such as <c>hasQuota('team-a')</c>.</summary>
    public string Call { get; }

    /// <summary>Gets the exception the function threw, or <see langword="null"/> when it timed out or returned the wrong type.</summary>
    public Exception? Cause { get; }

    /// <summary>Gets the stable error code, <see cref="ExpressionErrorCodes.GuardFunctionFailed"/>.</summary>
    public string Code => ExpressionErrorCodes.GuardFunctionFailed;
}
