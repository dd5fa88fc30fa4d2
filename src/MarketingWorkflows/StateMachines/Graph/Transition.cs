using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>An edge of a <see cref="StateGraph"/>: a trigger leading out of a node.</summary>
public class Transition
{
#pragma warning disable CA1051, CA1002 // Stateless's shape: a public list field.
    /// <summary>The entry actions of the destination that run only when it is entered by this transition's trigger.</summary>
    public List<ActionInfo> DestinationEntryActions = [];
#pragma warning restore CA1051, CA1002

    /// <summary>Creates an edge out of <paramref name="sourceState"/> for <paramref name="trigger"/>.</summary>
    /// <param name="sourceState">The node the transition leaves.</param>
    /// <param name="trigger">The trigger that causes it.</param>
    public Transition(State sourceState, TriggerInfo trigger)
    {
        SourceState = sourceState;
        Trigger = trigger;
    }

    /// <summary>Gets the trigger that causes this transition.</summary>
    public TriggerInfo Trigger { get; private set; }

    /// <summary>Gets or sets (in derived types) whether the transition runs the exit and entry actions.</summary>
    public bool ExecuteEntryExitActions { get; protected set; } = true;

    /// <summary>Gets the node the transition leaves.</summary>
    public State SourceState { get; private set; }
}
