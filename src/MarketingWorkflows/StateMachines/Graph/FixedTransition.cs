using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>An edge of a <see cref="StateGraph"/> to a known destination (or to a decision node).</summary>
public class FixedTransition : Transition
{
    /// <summary>Creates the edge.</summary>
    /// <param name="sourceState">The node the transition leaves.</param>
    /// <param name="destinationState">The node it enters.</param>
    /// <param name="trigger">The trigger that causes it.</param>
    /// <param name="guards">The descriptions of its guard conditions.</param>
    public FixedTransition(State sourceState, State destinationState, TriggerInfo trigger, IEnumerable<InvocationInfo> guards)
        : base(sourceState, trigger)
    {
        DestinationState = destinationState;
        Guards = guards;
    }

    /// <summary>Gets the node the transition enters.</summary>
    public State DestinationState { get; private set; }

    /// <summary>Gets the descriptions of the transition's guard conditions.</summary>
    public IEnumerable<InvocationInfo> Guards { get; private set; }
}
