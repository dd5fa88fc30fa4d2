using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// An edge of a <see cref="StateGraph"/> from a node to itself: a reentry (which runs the exit
/// and entry actions), an internal transition or an ignored trigger (which run neither).
/// </summary>
public class StayTransition : Transition
{
    /// <summary>Creates the edge.</summary>
    /// <param name="sourceState">The node the transition leaves and enters.</param>
    /// <param name="trigger">The trigger that causes it.</param>
    /// <param name="guards">The descriptions of its guard conditions.</param>
    /// <param name="executeEntryExitActions">Whether it runs the exit and entry actions.</param>
    public StayTransition(State sourceState, TriggerInfo trigger, IEnumerable<InvocationInfo> guards, bool executeEntryExitActions)
        : base(sourceState, trigger)
    {
        ExecuteEntryExitActions = executeEntryExitActions;
        Guards = guards;
    }

    /// <summary>Gets the descriptions of the transition's guard conditions.</summary>
    public IEnumerable<InvocationInfo> Guards { get; private set; }
}
