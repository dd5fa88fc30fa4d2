using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a transition with a destination known at configuration time.</summary>
public class FixedTransitionInfo : TransitionInfo
{
    internal FixedTransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards, StateInfo destination, bool isInternal)
        : base(trigger, guards, isInternal) => DestinationState = destination;

    /// <summary>Gets the destination.</summary>
    public StateInfo DestinationState { get; }
}
