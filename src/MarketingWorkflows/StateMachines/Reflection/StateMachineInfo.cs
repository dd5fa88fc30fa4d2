using System;
using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>
/// Describes a state machine's configuration: its states, transitions, guards and actions.
/// Obtained from <c>StateMachine.GetInfo()</c>; used to draw diagrams and by tooling.
/// </summary>
public class StateMachineInfo
{
    internal StateMachineInfo(IEnumerable<StateInfo> states, Type stateType, Type triggerType, StateInfo initialState)
    {
        States = states;
        StateType = stateType;
        TriggerType = triggerType;
        InitialState = initialState;
    }

    /// <summary>
    /// Gets the states in the order the definition first names them (a transition's destination
    /// counts), which the kernel's detailed diagrams draw in; <see langword="null"/> means <see cref="States"/>.
    /// </summary>
    internal IReadOnlyList<StateInfo>? DefinitionOrder { get; init; }

    /// <summary>Gets the state shown as the initial one: the machine's current state.</summary>
    public StateInfo InitialState { get; }

    /// <summary>Gets every state, configured or only named as a destination.</summary>
    public IEnumerable<StateInfo> States { get; }

    /// <summary>Gets the type of the states.</summary>
    public Type StateType { get; }

    /// <summary>Gets the type of the triggers.</summary>
    public Type TriggerType { get; }
}
