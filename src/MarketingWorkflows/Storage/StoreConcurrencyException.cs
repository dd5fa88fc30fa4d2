using System;

namespace MarketingWorkflows.Storage;

/// <summary>Thrown by a store when the stored version is not the expected one.</summary>
public sealed class StoreConcurrencyException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="expectedVersion">The version expected (null: the instance was expected not to exist).</param>
    /// <param name="actualVersion">The version stored (null: there is no instance).</param>
    public StoreConcurrencyException(Guid instanceId, long? expectedVersion, long? actualVersion)
        : base($"Instance {instanceId}: expected version {expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (a new instance)"}, found {actualVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.")
    {
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the version expected.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>Gets the version stored.</summary>
    public long? ActualVersion { get; }
}
