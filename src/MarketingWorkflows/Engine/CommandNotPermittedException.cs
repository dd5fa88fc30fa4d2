using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Engine;

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
