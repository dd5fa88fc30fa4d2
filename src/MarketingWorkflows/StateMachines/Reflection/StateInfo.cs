using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

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
