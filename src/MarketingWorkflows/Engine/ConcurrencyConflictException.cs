using System;

namespace MarketingWorkflows.Engine;

/// <summary>Thrown when the instance's version differs from the one the command expected.</summary>
public sealed class ConcurrencyConflictException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version the command expected.</param>
    /// <param name="actualVersion">The version stored.</param>
    public ConcurrencyConflictException(Guid instanceId, long expectedVersion, long actualVersion)
        : base(CommandFailure.Conflict, $"Instance {instanceId} is at version {actualVersion}, not {expectedVersion}: someone changed it since it was read. Reload it and decide again.")
    {
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the version the command expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version stored.</summary>
    public long ActualVersion { get; }
}
