using System.Collections.Generic;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Engine;

/// <summary>Thrown when data, arguments or a comment fail validation; <see cref="Errors"/> lists each field.</summary>
public sealed class CommandValidationException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="errors">Each failing field.</param>
    public CommandValidationException(string message, IReadOnlyList<DataError> errors)
        : base(CommandFailure.ValidationFailed, message, [.. System.Linq.Enumerable.Select(errors, e => e.ToString())])
    {
        Errors = errors;
    }

    /// <summary>Gets each failing field.</summary>
    public IReadOnlyList<DataError> Errors { get; }
}
