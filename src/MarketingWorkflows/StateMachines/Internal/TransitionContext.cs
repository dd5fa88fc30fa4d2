using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>
/// The facts of one step of a transition. The public <see cref="StateMachine{TState, TTrigger}.Transition"/>
/// object is created only when an action or listener asks for it, so the plain path allocates nothing.
/// </summary>
internal struct TransitionContext<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private StateMachine<TState, TTrigger>.Transition? _transition;

    public TransitionContext(TState source, TState destination, TTrigger trigger, object[] args, bool isInitial = false)
    {
        Source = source;
        Destination = destination;
        Trigger = trigger;
        Args = args;
        IsInitial = isInitial;
        _transition = null;
    }

    public TState Source { get; }

    public TState Destination { get; }

    public TTrigger Trigger { get; }

    public object[] Args { get; }

    public bool IsInitial { get; }

    public readonly bool IsReentry => EqualityComparer<TState>.Default.Equals(Source, Destination);

    public StateMachine<TState, TTrigger>.Transition GetTransition()
        => _transition ??= IsInitial
            ? new StateMachine<TState, TTrigger>.InitialTransition(Source, Destination, Trigger, Args)
            : new StateMachine<TState, TTrigger>.Transition(Source, Destination, Trigger, Args);
}
