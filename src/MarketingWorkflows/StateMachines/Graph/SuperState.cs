using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>A node of a <see cref="StateGraph"/> for a state that has substates.</summary>
public class SuperState : State
{
    /// <summary>Creates the node for the superstate <paramref name="stateInfo"/>.</summary>
    /// <param name="stateInfo">The superstate to represent.</param>
    public SuperState(StateInfo stateInfo)
        : base(stateInfo)
    {
    }

    /// <summary>Gets the nodes of the states directly below this one.</summary>
    public List<State> SubStates { get; } = [];
}
