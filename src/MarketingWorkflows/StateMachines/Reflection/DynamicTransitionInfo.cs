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

    /// <summary>Creates a description of a dynamic transition, as Stateless's factory does.</summary>
    /// <typeparam name="TTrigger">The type of the trigger.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="guards">The guard conditions; <see langword="null"/> for none.</param>
    /// <param name="selector">The destination selector.</param>
    /// <param name="possibleStates">The destinations the selector may choose; <see langword="null"/> when not declared.</param>
    /// <returns>The description.</returns>
    public static DynamicTransitionInfo Create<TTrigger>(TTrigger trigger, IEnumerable<InvocationInfo>? guards, InvocationInfo selector, DynamicStateInfos? possibleStates)
        where TTrigger : notnull
    {
        System.ArgumentNullException.ThrowIfNull(selector);
        return new DynamicTransitionInfo(new TriggerInfo(trigger), guards ?? [], selector, possibleStates);
    }

    /// <summary>Gets the destination selector.</summary>
    public InvocationInfo DestinationStateSelectorDescription { get; }

    /// <summary>Gets the possible destinations, as declared at configuration; empty when none were declared.</summary>
    public DynamicStateInfos PossibleDestinationStates { get; }
}
