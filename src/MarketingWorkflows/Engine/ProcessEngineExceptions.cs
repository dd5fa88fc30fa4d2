using System;
using System.Collections.Generic;
using MarketingWorkflows.Definitions;

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
}

/// <summary>
/// Thrown when the engine refuses a command. Nothing was changed. <see cref="Failure"/> says why
/// in a form a host can map to a status code; the message names the instance, the trigger and
/// what would make it work.
/// </summary>
public class ProcessCommandException : InvalidOperationException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="failure">Why the command was refused.</param>
    /// <param name="message">The explanation.</param>
    /// <param name="reasons">The individual reasons, or none.</param>
    public ProcessCommandException(CommandFailure failure, string message, IReadOnlyList<string>? reasons = null)
        : base(message)
    {
        Failure = failure;
        Reasons = reasons ?? [message];
    }

    /// <summary>Gets why the command was refused.</summary>
    public CommandFailure Failure { get; }

    /// <summary>Gets the individual reasons.</summary>
    public IReadOnlyList<string> Reasons { get; }
}

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

/// <summary>Thrown when a trigger cannot be fired now: not in this state, a guard does not hold, a checklist item or a linked instance is not ready.</summary>
public sealed class CommandNotPermittedException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="state">The instance's state.</param>
    /// <param name="trigger">The trigger or action refused.</param>
    /// <param name="reasons">Why, one reason each.</param>
    public CommandNotPermittedException(Guid instanceId, string state, string trigger, IReadOnlyList<string> reasons)
        : base(CommandFailure.NotPermitted, $"'{trigger}' is not allowed on instance {instanceId} in '{state}': {string.Join("; ", reasons)}.", reasons)
    {
        InstanceId = instanceId;
        State = state;
        Trigger = trigger;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the state the instance is in.</summary>
    public string State { get; }

    /// <summary>Gets the trigger or action refused.</summary>
    public string Trigger { get; }
}

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

/// <summary>
/// Thrown when an instance's stored row disagrees with its last history entry — its state,
/// version, data, history head or count is not what the history says — so it was changed outside
/// the engine (or the history was). The engine refuses every command on it until an operator
/// restores the row (or the history) from a backup; <see cref="IProcessEngine.VerifyHistoryAsync"/>
/// names the field.
/// </summary>
public sealed class InstanceIntegrityException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="field">The field that does not match (as <see cref="HistoryVerification.Field"/>).</param>
    /// <param name="problem">What was found and what was expected.</param>
    public InstanceIntegrityException(Guid instanceId, string field, string problem)
        : base(CommandFailure.InstanceIntegrity, $"Instance {instanceId} does not match its history ({field}): {problem}. No command is applied to it until an operator restores it from a backup; verify its history for details.", [problem])
    {
        InstanceId = instanceId;
        Field = field;
        Problem = problem;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the field that does not match, as <see cref="HistoryVerification.Field"/> names it.</summary>
    public string Field { get; }

    /// <summary>Gets what was found and what was expected.</summary>
    public string Problem { get; }
}
