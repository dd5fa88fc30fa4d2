using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MarketingWorkflows.Definitions;

/// <summary>The outcome of loading a definition file: the definition, or every problem found in it.</summary>
public sealed class DefinitionLoadResult
{
    internal DefinitionLoadResult(string file, ProcessDefinition? definition, IReadOnlyList<DefinitionError> errors)
    {
        File = file;
        Definition = definition;
        Errors = errors;
    }

    /// <summary>Gets the file's name as given to the loader.</summary>
    public string File { get; }

    /// <summary>Gets the definition, or <see langword="null"/> when the file has problems.</summary>
    public ProcessDefinition? Definition { get; }

    /// <summary>Gets every problem, in file order; empty on success.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    /// <summary>Gets a value indicating whether the file loaded without problems.</summary>
    [MemberNotNullWhen(true, nameof(Definition))]
    public bool Succeeded => Definition is not null;

    /// <summary>Returns the definition, or throws with every problem.</summary>
    /// <returns>The definition.</returns>
    /// <exception cref="ProcessDefinitionException">The file has problems.</exception>
    public ProcessDefinition GetDefinitionOrThrow() => Definition ?? throw new ProcessDefinitionException(Errors);
}
