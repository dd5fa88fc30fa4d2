using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>
/// Everything configured for one state. Mutable while its definition is being configured;
/// never changed once the definition is frozen, so frozen representations are shared freely.
/// </summary>
internal sealed class StateRepresentation<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private static readonly EqualityComparer<TState> StateComparer = EqualityComparer<TState>.Default;

    public StateRepresentation(TState state) => State = state;

    public TState State { get; }

    public StateRepresentation<TState, TTrigger>? Superstate { get; set; }

    public List<StateRepresentation<TState, TTrigger>> Substates { get; } = [];

    /// <summary>Gets the behaviours per trigger, in the order they were configured.</summary>
    public Dictionary<TTrigger, List<TriggerBehaviour<TState, TTrigger>>> Behaviours { get; } = [];

    public List<StateAction<TState, TTrigger>> EntryActions { get; } = [];

    public List<StateAction<TState, TTrigger>> ExitActions { get; } = [];

    public List<StateAction<TState, TTrigger>> ActivateActions { get; } = [];

    public List<StateAction<TState, TTrigger>> DeactivateActions { get; } = [];

    public bool HasInitialTransition { get; set; }

    public TState InitialTransitionTarget { get; set; } = default!;

    /// <summary>Gets or sets a value indicating whether any action of this state is asynchronous.</summary>
    public bool HasAsyncActions { get; set; }

    public bool Is(TState state) => StateComparer.Equals(State, state);

    /// <summary>Tells whether <paramref name="other"/> is this state or one of its substates, at any depth.</summary>
    public bool Includes(StateRepresentation<TState, TTrigger> other)
    {
        for (var node = other; node is not null; node = node.Superstate)
        {
            if (StateComparer.Equals(node.State, State))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether this state is <paramref name="state"/> or one of its substates, at any depth.</summary>
    public bool IsIncludedIn(TState state)
    {
        for (var node = this; node is not null; node = node.Superstate)
        {
            if (StateComparer.Equals(node.State, state))
            {
                return true;
            }
        }

        return false;
    }

    public void AddBehaviour(TriggerBehaviour<TState, TTrigger> behaviour)
    {
        if (!Behaviours.TryGetValue(behaviour.Trigger, out var list))
        {
            list = [];
            Behaviours.Add(behaviour.Trigger, list);
        }

        list.Add(behaviour);
        HasAsyncActions |= behaviour.Action?.IsAsync == true;
    }

    public void AddAction(List<StateAction<TState, TTrigger>> list, StateAction<TState, TTrigger> action)
    {
        list.Add(action);
        HasAsyncActions |= action.IsAsync;
    }

    public override string ToString() => State.ToString() ?? string.Empty;
}
