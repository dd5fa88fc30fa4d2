using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a way a trigger is handled in a state.</summary>
public abstract class TransitionInfo
{
    private protected TransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards, bool isInternal)
    {
        Trigger = trigger;
        GuardConditionsMethodDescriptions = guards;
        IsInternalTransition = isInternal;
    }

    /// <summary>Gets the trigger.</summary>
    public TriggerInfo Trigger { get; }

    /// <summary>Gets the guard conditions, each with its description.</summary>
    public IEnumerable<InvocationInfo> GuardConditionsMethodDescriptions { get; }

    /// <summary>Gets a value indicating whether this is an internal transition (no exit or entry).</summary>
    public bool IsInternalTransition { get; }
}
