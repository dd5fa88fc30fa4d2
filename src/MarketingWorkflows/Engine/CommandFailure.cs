namespace MarketingWorkflows.Engine;

/// <summary>Why a command was refused.</summary>
public enum CommandFailure
{
    /// <summary>The instance does not exist.</summary>
    InstanceNotFound,

    /// <summary>The process definition (or that version of it) is not registered.</summary>
    DefinitionNotFound,

    /// <summary>The trigger cannot be fired in the current state, or a guard does not hold.</summary>
    NotPermitted,

    /// <summary>The actor may not do this: a missing role, the self-approval policy, not an approver.</summary>
    Forbidden,

    /// <summary>The instance has moved on since the version the caller expected.</summary>
    Conflict,

    /// <summary>The data, the arguments or the comment are not valid.</summary>
    ValidationFailed,

    /// <summary>The caller used the idempotency key before for a different request.</summary>
    IdempotencyKeyReused,
    /// <summary>
    /// The instance's stored row disagrees with its history (it was changed outside the engine):
    /// no command is applied until an operator restores it.
    /// </summary>
    InstanceIntegrity,

    /// <summary>
    /// A guard function the command's guard calls failed, took longer than its time limit, or
    /// returned a value of another type than it declares; nothing was changed, and trying again
    /// may work.
    /// </summary>
    GuardFunctionFailed,
}
