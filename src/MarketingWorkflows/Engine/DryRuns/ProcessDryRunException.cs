using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Engine;

/// <summary>Thrown by <see cref="ProcessDryRun"/> when the steps cannot be run: a line that is no step, or time passing beyond the calendar.</summary>
public sealed class ProcessDryRunException : ArgumentException
{
    /// <summary>Creates the exception with the problems, each naming its line.</summary>
    /// <param name="problems">The problems.</param>
    public ProcessDryRunException(IReadOnlyList<string> problems)
        : base("The steps cannot be run: " + string.Join("; ", problems ?? []), "steps")
    {
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ProcessDryRunException(string message)
        : base(message, "steps")
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProcessDryRunException(string message, Exception innerException)
        : base(message, "steps", innerException)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ProcessDryRunException()
        : this("The steps cannot be run.")
    {
    }

    /// <summary>Gets the problems, each naming its line.</summary>
    public IReadOnlyList<string> Problems { get; }
}
