using System.Collections.Generic;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// A node of a <see cref="StateGraph"/>: one state of the machine, with the transitions that
/// leave and enter it and the descriptions of its entry and exit actions.
/// </summary>
public class State
{
    /// <summary>
    /// Creates the node for <paramref name="stateInfo"/>: its node and state names are the
    /// state's text, its entry actions those that run whatever the trigger, its exit actions all of them.
    /// </summary>
    /// <param name="stateInfo">The state to represent.</param>
    public State(StateInfo stateInfo)
    {
        System.ArgumentNullException.ThrowIfNull(stateInfo);
        NodeName = stateInfo.UnderlyingState.ToString()!;
        StateName = NodeName;
        foreach (var entryAction in stateInfo.EntryActions)
        {
            if (entryAction.FromTrigger is null)
            {
                EntryActions.Add(entryAction.Method.Description);
            }
        }

        foreach (var exitAction in stateInfo.ExitActions)
        {
            ExitActions.Add(exitAction.Description);
        }
    }

    /// <summary>Creates a node that stands for no state (a decision point, for instance).</summary>
    /// <param name="nodeName">The node's name; <see cref="StateName"/> stays <see langword="null"/>.</param>
    public State(string nodeName)
    {
        NodeName = nodeName;
        StateName = null;
    }

    /// <summary>Gets or sets the superstate node holding this one, or <see langword="null"/> at the top level.</summary>
    public SuperState? SuperState { get; set; }

    /// <summary>Gets the transitions that leave this node (never <see langword="null"/>).</summary>
    public List<Transition> Leaving { get; } = [];

    /// <summary>Gets the transitions that enter this node (never <see langword="null"/>).</summary>
    public List<Transition> Arriving { get; } = [];

    /// <summary>Gets the node's unique name.</summary>
    public string NodeName { get; private set; }

    /// <summary>Gets the name of the state this node represents, or <see langword="null"/> for a node that is no state.</summary>
    public string? StateName { get; private set; }

    /// <summary>Gets the descriptions of the actions run on entering the state by any trigger.</summary>
    public List<string> EntryActions { get; private set; } = [];

    /// <summary>Gets the descriptions of the actions run on leaving the state.</summary>
    public List<string> ExitActions { get; private set; } = [];
}
