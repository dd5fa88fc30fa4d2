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

    /// <summary>Gets the state shown as the initial one: the machine's current state.</summary>
    public StateInfo InitialState { get; }

    /// <summary>Gets every state, configured or only named as a destination.</summary>
    public IEnumerable<StateInfo> States { get; }

    /// <summary>Gets the type of the states.</summary>
    public Type StateType { get; }

    /// <summary>Gets the type of the triggers.</summary>
    public Type TriggerType { get; }
}

/// <summary>Describes one state.</summary>
public class StateInfo
{
    internal StateInfo(object underlyingState) => UnderlyingState = underlyingState;

    /// <summary>Gets the state value.</summary>
    public object UnderlyingState { get; }

    /// <summary>Gets the direct substates.</summary>
    public IEnumerable<StateInfo> Substates { get; internal set; } = [];

    /// <summary>Gets the superstate, or <see langword="null"/>.</summary>
    public StateInfo? Superstate { get; internal set; }

    /// <summary>Gets the entry actions, in order.</summary>
    public IEnumerable<ActionInfo> EntryActions { get; internal set; } = [];

    /// <summary>Gets the activation actions, in order.</summary>
    public IEnumerable<InvocationInfo> ActivateActions { get; internal set; } = [];

    /// <summary>Gets the deactivation actions, in order.</summary>
    public IEnumerable<InvocationInfo> DeactivateActions { get; internal set; } = [];

    /// <summary>Gets the exit actions, in order.</summary>
    public IEnumerable<InvocationInfo> ExitActions { get; internal set; } = [];

    /// <summary>Gets the fixed and dynamic transitions out of this state.</summary>
    public IEnumerable<TransitionInfo> Transitions
    {
        get
        {
            foreach (var transition in FixedTransitions)
            {
                yield return transition;
            }

            foreach (var transition in DynamicTransitions)
            {
                yield return transition;
            }
        }
    }

    /// <summary>Gets the transitions whose destination is known at configuration time, including reentries and internal transitions.</summary>
    public IEnumerable<FixedTransitionInfo> FixedTransitions { get; internal set; } = [];

    /// <summary>Gets the transitions whose destination is chosen when fired.</summary>
    public IEnumerable<DynamicTransitionInfo> DynamicTransitions { get; internal set; } = [];

    /// <summary>Gets the triggers ignored in this state.</summary>
    public IEnumerable<IgnoredTransitionInfo> IgnoredTriggers { get; internal set; } = [];

    /// <summary>Gets the initial substate, or <see langword="null"/> when none is configured.</summary>
    public object? InitialTransitionTarget { get; internal set; }

    /// <summary>Gets the state's text.</summary>
    /// <returns>The state value as text.</returns>
    public override string ToString() => UnderlyingState.ToString() ?? "<null>";
}

/// <summary>Describes a trigger.</summary>
public class TriggerInfo
{
    internal TriggerInfo(object underlyingTrigger) => UnderlyingTrigger = underlyingTrigger;

    /// <summary>Gets the trigger value.</summary>
    public object UnderlyingTrigger { get; }

    /// <summary>Gets the trigger's text.</summary>
    /// <returns>The trigger value as text.</returns>
    public override string ToString() => UnderlyingTrigger.ToString() ?? "<null>";
}

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

/// <summary>Describes a transition with a destination known at configuration time.</summary>
public class FixedTransitionInfo : TransitionInfo
{
    internal FixedTransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards, StateInfo destination, bool isInternal)
        : base(trigger, guards, isInternal) => DestinationState = destination;

    /// <summary>Gets the destination.</summary>
    public StateInfo DestinationState { get; }
}

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

/// <summary>Describes a trigger ignored in a state.</summary>
public class IgnoredTransitionInfo : TransitionInfo
{
    internal IgnoredTransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards)
        : base(trigger, guards, isInternal: false)
    {
    }
}

/// <summary>Describes an entry action.</summary>
public class ActionInfo
{
    /// <summary>Creates the description of an entry action.</summary>
    /// <param name="method">The action.</param>
    /// <param name="fromTrigger">The trigger it is limited to, or <see langword="null"/>.</param>
    public ActionInfo(InvocationInfo method, string? fromTrigger)
    {
        Method = method;
        FromTrigger = fromTrigger;
    }

    /// <summary>Gets the action.</summary>
    public InvocationInfo Method { get; }

    /// <summary>Gets the trigger the action is limited to (OnEntryFrom), or <see langword="null"/>.</summary>
    public string? FromTrigger { get; }
}

/// <summary>A possible destination of a dynamic transition, and when it is chosen.</summary>
public class DynamicStateInfo
{
    /// <summary>Creates a possible destination.</summary>
    /// <param name="destinationState">The destination, as text.</param>
    /// <param name="criterion">When it is chosen.</param>
    public DynamicStateInfo(string destinationState, string criterion)
    {
        DestinationState = destinationState;
        Criterion = criterion;
    }

    /// <summary>Gets the destination, as text.</summary>
    public string DestinationState { get; }

    /// <summary>Gets when the destination is chosen.</summary>
    public string Criterion { get; }
}

/// <summary>The possible destinations of a dynamic transition, declared for diagrams.</summary>
public class DynamicStateInfos : List<DynamicStateInfo>
{
    /// <summary>Adds a possible destination.</summary>
    /// <param name="destinationState">The destination, as text.</param>
    /// <param name="criterion">When it is chosen.</param>
    public void Add(string destinationState, string criterion) => Add(new DynamicStateInfo(destinationState, criterion));

    /// <summary>Adds a possible destination.</summary>
    /// <typeparam name="TState">The type of the states.</typeparam>
    /// <param name="destinationState">The destination.</param>
    /// <param name="criterion">When it is chosen.</param>
    public void Add<TState>(TState destinationState, string criterion)
        where TState : notnull
        => Add(new DynamicStateInfo(destinationState.ToString() ?? string.Empty, criterion));
}
