using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// The process definitions an application runs, by id and version. Implementations are safe to
/// use from many threads.
/// </summary>
public interface IProcessDefinitionRegistry
{
    /// <summary>Registers a definition. Registering the same id and version again with the same content does nothing.</summary>
    /// <param name="definition">The definition.</param>
    /// <exception cref="ProcessDefinitionException">A definition with the same id and version but different content is registered (MWF217).</exception>
    void Register(ProcessDefinition definition);

    /// <summary>Finds a definition: a given version, or the latest when <paramref name="version"/> is <see langword="null"/>.</summary>
    /// <param name="id">The process id.</param>
    /// <param name="version">The version, or <see langword="null"/> for the latest.</param>
    /// <param name="definition">The definition, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    bool TryGet(string id, int? version, [NotNullWhen(true)] out ProcessDefinition? definition);

    /// <summary>Gets the latest version of a process.</summary>
    /// <param name="id">The process id.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="KeyNotFoundException">No version of the process is registered.</exception>
    ProcessDefinition GetLatest(string id);

    /// <summary>Gets one version of a process.</summary>
    /// <param name="id">The process id.</param>
    /// <param name="version">The version.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="KeyNotFoundException">That version is not registered.</exception>
    ProcessDefinition Get(string id, int version);

    /// <summary>Gets every registered definition, by id then version.</summary>
    /// <returns>The definitions.</returns>
    IReadOnlyList<ProcessDefinition> GetAll();
}
