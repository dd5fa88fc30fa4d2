using System;

namespace MarketingWorkflows.Engine;

/// <summary>Thrown when the instance a command names does not exist.</summary>
public sealed class InstanceNotFoundException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    public InstanceNotFoundException(Guid instanceId)
        : base(CommandFailure.InstanceNotFound, $"There is no process instance {instanceId}.")
    {
        InstanceId = instanceId;
    }

    /// <summary>Gets the instance that was not found.</summary>
    public Guid InstanceId { get; }
}
