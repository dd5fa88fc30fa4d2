using System;

namespace MarketingWorkflows.Engine;

/// <summary>Thrown when the actor may not do this: a role is missing, the self-approval policy forbids it, they are not an approver, or their delegation does not cover it.</summary>
public sealed class CommandForbiddenException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="userId">Who was refused.</param>
    /// <param name="trigger">The trigger or action refused.</param>
    /// <param name="reason">Why.</param>
    public CommandForbiddenException(Guid instanceId, string userId, string trigger, string reason)
        : base(CommandFailure.Forbidden, $"{userId} may not '{trigger}' on instance {instanceId}: {reason}.", [reason])
    {
        InstanceId = instanceId;
        UserId = userId;
        Trigger = trigger;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets who was refused.</summary>
    public string UserId { get; }

    /// <summary>Gets the trigger or action refused.</summary>
    public string Trigger { get; }
}
