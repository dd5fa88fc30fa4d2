using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a transition whose destination is chosen when the trigger is fired.</summary>
public class DynamicTransitionInfo : TransitionInfo
{
    internal DynamicTransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards, InvocationInfo selector, DynamicStateInfos? possibleStates)
        : base(trigger, guards, isInternal: false)
    {
        DestinationStateSelectorDescription = selector;
        PossibleDestinationStates = possibleStates ?? [];
    }

    /// <summary>Gets the destination selector.</summary>
    public InvocationInfo DestinationStateSelectorDescription { get; }

    /// <summary>Gets the possible destinations, as declared at configuration; empty when none were declared.</summary>
    public DynamicStateInfos PossibleDestinationStates { get; }
}
