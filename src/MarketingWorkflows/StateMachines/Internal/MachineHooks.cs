using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>
/// Machine-wide listeners: transitioned, transition completed, and the unhandled-trigger handler.
/// A definition carries the ones registered before it was frozen; a machine over a frozen
/// definition carries its own in addition.
/// </summary>
internal sealed class MachineHooks<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public List<StateAction<TState, TTrigger>>? Transitioned { get; private set; }

    public List<StateAction<TState, TTrigger>>? TransitionCompleted { get; private set; }

    public Action<TState, TTrigger, ICollection<string>?>? Unhandled { get; private set; }

    public Func<TState, TTrigger, ICollection<string>?, Task>? UnhandledAsync { get; private set; }

    public bool HasUnhandledHandler => Unhandled is not null || UnhandledAsync is not null;

    /// <summary>Gets a value indicating whether a transition listener is asynchronous.</summary>
    public bool HasAsyncListener { get; private set; }

    public void AddTransitioned(StateAction<TState, TTrigger> listener)
    {
        if (IsRegistered(Transitioned, listener))
        {
            return;
        }

        (Transitioned ??= []).Add(listener);
        HasAsyncListener |= listener.IsAsync;
    }

    public void AddTransitionCompleted(StateAction<TState, TTrigger> listener)
    {
        if (IsRegistered(TransitionCompleted, listener))
        {
            return;
        }

        (TransitionCompleted ??= []).Add(listener);
        HasAsyncListener |= listener.IsAsync;
    }

    /// <summary>
    /// Removes every registration of <paramref name="listener"/> (sync or async, as <paramref name="isAsync"/>
    /// says) from <paramref name="listeners"/>: after it, the listener no longer runs, as in Stateless.
    /// </summary>
    public void Remove(List<StateAction<TState, TTrigger>>? listeners, Delegate listener, bool isAsync)
    {
        if (listeners?.RemoveAll(a => a.IsAsync == isAsync && a.Source.Equals(listener)) > 0)
        {
            RecountAsync();
        }
    }

    /// <summary>Removes every transitioned and transition-completed listener; the unhandled-trigger handler stays.</summary>
    public void ClearListeners()
    {
        Transitioned?.Clear();
        TransitionCompleted?.Clear();
        RecountAsync();
    }

    /// <summary>Stateless runs a listener registered twice once: the second registration is ignored.</summary>
    private static bool IsRegistered(List<StateAction<TState, TTrigger>>? listeners, StateAction<TState, TTrigger> listener)
        => listeners?.Exists(a => a.IsAsync == listener.IsAsync && a.Source.Equals(listener.Source)) == true;

    private void RecountAsync()
        => HasAsyncListener = (Transitioned?.Exists(a => a.IsAsync) ?? false) || (TransitionCompleted?.Exists(a => a.IsAsync) ?? false);

    public void SetUnhandled(Action<TState, TTrigger, ICollection<string>?> handler)
    {
        Unhandled = handler;
        UnhandledAsync = null;
    }

    public void SetUnhandled(Func<TState, TTrigger, ICollection<string>?, Task> handler)
    {
        UnhandledAsync = handler;
        Unhandled = null;
    }
}
