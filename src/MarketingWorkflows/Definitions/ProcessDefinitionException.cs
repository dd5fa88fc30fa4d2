using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Definitions;

/// <summary>Thrown when a process definition is invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class ProcessDefinitionException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public ProcessDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets the problems.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The process definition has {errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e));
    }
}
