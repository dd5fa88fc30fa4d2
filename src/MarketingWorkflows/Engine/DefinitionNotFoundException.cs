namespace MarketingWorkflows.Engine;

/// <summary>Thrown when a process definition, or a version of it, is not registered.</summary>
public sealed class DefinitionNotFoundException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="processId">The process id.</param>
    /// <param name="version">The version, or <see langword="null"/> for the latest.</param>
    /// <param name="message">The explanation.</param>
    public DefinitionNotFoundException(string processId, int? version, string message)
        : base(CommandFailure.DefinitionNotFound, message)
    {
        ProcessId = processId;
        Version = version;
    }

    /// <summary>Gets the process id.</summary>
    public string ProcessId { get; }

    /// <summary>Gets the version asked for, or <see langword="null"/>.</summary>
    public int? Version { get; }
}
