using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Thrown when the engine refuses a command. Nothing was changed. <see cref="Failure"/> says why
/// in a form a host can map to a status code; the message names the instance, the trigger and
/// what would make it work.
/// </summary>
public class ProcessCommandException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="failure">Why the command was refused.</param>
    /// <param name="message">The explanation.</param>
    /// <param name="reasons">The individual reasons, or none.</param>
    public ProcessCommandException(CommandFailure failure, string message, IReadOnlyList<string>? reasons = null)
        : base(message)
    {
        Failure = failure;
        Reasons = reasons ?? [message];
    }

    /// <summary>Gets why the command was refused.</summary>
    public CommandFailure Failure { get; }

    /// <summary>Gets the individual reasons.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
