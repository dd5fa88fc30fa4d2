using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

/// <content>Machine-wide listeners: registering and unregistering them.</content>
public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// Registers a listener called on every transition, after the state has changed and
    /// before entry actions run. Internal transitions and ignored triggers do not call it.
    /// </summary>
    /// <param name="onTransitionAction">The listener.</param>
    public void OnTransitioned(Action<Transition> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        HooksForRegistration.AddTransitioned(StateAction<TState, TTrigger>.WithTransition(onTransitionAction, null));
    }

    /// <summary>Registers an asynchronous listener called like <see cref="OnTransitioned"/>; only <c>FireAsync</c> can run it.</summary>
    /// <param name="onTransitionAction">The listener.</param>
    public void OnTransitionedAsync(Func<Transition, Task> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        HooksForRegistration.AddTransitioned(StateAction<TState, TTrigger>.Async(onTransitionAction, null));
        NoteAsyncRegistration();
    }

    /// <summary>
    /// Registers a listener called when a transition has completed: after entry actions and
    /// initial transitions, with the final state as destination (for a reentry, the re-entered state).
    /// </summary>
    /// <param name="onTransitionAction">The listener.</param>
    public void OnTransitionCompleted(Action<Transition> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        HooksForRegistration.AddTransitionCompleted(StateAction<TState, TTrigger>.WithTransition(onTransitionAction, null));
    }

    /// <summary>Registers an asynchronous listener called like <see cref="OnTransitionCompleted"/>; only <c>FireAsync</c> can run it.</summary>
    /// <param name="onTransitionAction">The listener.</param>
    public void OnTransitionCompletedAsync(Func<Transition, Task> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        HooksForRegistration.AddTransitionCompleted(StateAction<TState, TTrigger>.Async(onTransitionAction, null));
        NoteAsyncRegistration();
    }

    /// <summary>Unregisters a listener registered with <see cref="OnTransitioned"/>, so it is no longer called.</summary>
    /// <remarks>
    /// Every registration of it is removed. Unknown listeners are ignored.
    /// A listener registered before <see cref="Freeze"/> belongs to the shared definition and cannot be
    /// removed from one machine over it.
    /// </remarks>
    /// <param name="onTransitionAction">The listener.</param>
    /// <exception cref="InvalidOperationException">The listener belongs to a frozen definition.</exception>
    public void OnTransitionedUnregister(Action<Transition> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        Unregister(h => h.Transitioned, onTransitionAction, isAsync: false, nameof(OnTransitioned));
    }

    /// <summary>Unregisters a listener registered with <see cref="OnTransitionedAsync"/>, so it is no longer called.</summary>
    /// <remarks>As <see cref="OnTransitionedUnregister"/>.</remarks>
    /// <param name="onTransitionAction">The listener.</param>
    /// <exception cref="InvalidOperationException">The listener belongs to a frozen definition.</exception>
    public void OnTransitionedAsyncUnregister(Func<Transition, Task> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        Unregister(h => h.Transitioned, onTransitionAction, isAsync: true, nameof(OnTransitionedAsync));
    }

    /// <summary>Unregisters a listener registered with <see cref="OnTransitionCompleted"/>, so it is no longer called.</summary>
    /// <remarks>As <see cref="OnTransitionedUnregister"/>.</remarks>
    /// <param name="onTransitionAction">The listener.</param>
    /// <exception cref="InvalidOperationException">The listener belongs to a frozen definition.</exception>
    public void OnTransitionCompletedUnregister(Action<Transition> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        Unregister(h => h.TransitionCompleted, onTransitionAction, isAsync: false, nameof(OnTransitionCompleted));
    }

    /// <summary>Unregisters a listener registered with <see cref="OnTransitionCompletedAsync"/>, so it is no longer called.</summary>
    /// <remarks>As <see cref="OnTransitionedUnregister"/>.</remarks>
    /// <param name="onTransitionAction">The listener.</param>
    /// <exception cref="InvalidOperationException">The listener belongs to a frozen definition.</exception>
    public void OnTransitionCompletedAsyncUnregister(Func<Transition, Task> onTransitionAction)
    {
        ArgumentNullException.ThrowIfNull(onTransitionAction);
        Unregister(h => h.TransitionCompleted, onTransitionAction, isAsync: true, nameof(OnTransitionCompletedAsync));
    }

    /// <summary>
    /// Unregisters every transitioned and transition-completed listener, sync and async. The
    /// unhandled-trigger handler stays, as in Stateless.
    /// </summary>
    /// <exception cref="InvalidOperationException">The machine runs over a frozen definition that has listeners of its
    /// own: they are shared by every machine over it (the machine's own listeners are then left as they were).</exception>
    public void UnregisterAllCallbacks()
    {
        if (_definition.IsFrozen)
        {
            if (_definition.Hooks.Transitioned is { Count: > 0 } || _definition.Hooks.TransitionCompleted is { Count: > 0 })
            {
                throw new InvalidOperationException(
                    "The transition listeners registered before Freeze() belong to the shared definition and cannot be removed from one machine; "
                    + "register them on each machine after Freeze() to be able to remove them.");
            }

            _ownHooks?.ClearListeners();
            return;
        }

        _definition.Hooks.ClearListeners();
    }

    /// <summary>
    /// Replaces the default handling of a trigger that is not permitted (an exception) with <paramref name="unhandledTriggerAction"/>.
    /// </summary>
    /// <param name="unhandledTriggerAction">Receives the state and the trigger.</param>
    public void OnUnhandledTrigger(Action<TState, TTrigger> unhandledTriggerAction)
    {
        ArgumentNullException.ThrowIfNull(unhandledTriggerAction);
        HooksForRegistration.SetUnhandled((s, t, _) => unhandledTriggerAction(s, t));
    }

    /// <summary>
    /// Replaces the default handling of a trigger that is not permitted (an exception) with <paramref name="unhandledTriggerAction"/>.
    /// </summary>
    /// <param name="unhandledTriggerAction">Receives the state, the trigger, and the descriptions of the unmet guards
    /// (<see langword="null"/> when nothing is configured for the trigger, as in Stateless).</param>
    public void OnUnhandledTrigger(Action<TState, TTrigger, ICollection<string>?> unhandledTriggerAction)
    {
        ArgumentNullException.ThrowIfNull(unhandledTriggerAction);
        HooksForRegistration.SetUnhandled(unhandledTriggerAction);
    }

    /// <summary>Like <see cref="OnUnhandledTrigger(Action{TState, TTrigger})"/>, asynchronous; only <c>FireAsync</c> can run it.</summary>
    /// <param name="unhandledTriggerAction">Receives the state and the trigger.</param>
    public void OnUnhandledTriggerAsync(Func<TState, TTrigger, Task> unhandledTriggerAction)
    {
        ArgumentNullException.ThrowIfNull(unhandledTriggerAction);
        HooksForRegistration.SetUnhandled((s, t, _) => unhandledTriggerAction(s, t));
        NoteAsyncRegistration();
    }

    /// <summary>Like <see cref="OnUnhandledTrigger(Action{TState, TTrigger, ICollection{string}})"/>, asynchronous; only <c>FireAsync</c> can run it.</summary>
    /// <param name="unhandledTriggerAction">Receives the state, the trigger, and the descriptions of the unmet guards
    /// (<see langword="null"/> when nothing is configured for the trigger, as in Stateless).</param>
    public void OnUnhandledTriggerAsync(Func<TState, TTrigger, ICollection<string>?, Task> unhandledTriggerAction)
    {
        ArgumentNullException.ThrowIfNull(unhandledTriggerAction);
        HooksForRegistration.SetUnhandled(unhandledTriggerAction);
        NoteAsyncRegistration();
    }

    private void Unregister(Func<MachineHooks<TState, TTrigger>, List<StateAction<TState, TTrigger>>?> listeners, Delegate listener, bool isAsync, string registeredWith)
    {
        if (_definition.IsFrozen && !Contains(_ownHooks is null ? null : listeners(_ownHooks)) && Contains(listeners(_definition.Hooks)))
        {
            throw new InvalidOperationException(
                $"The listener was registered with {registeredWith} before Freeze(): it belongs to the shared definition and cannot be removed from one machine; "
                + "register it on each machine after Freeze() to be able to remove it.");
        }

        var hooks = HooksForRegistration;
        hooks.Remove(listeners(hooks), listener, isAsync);

        bool Contains(List<StateAction<TState, TTrigger>>? list) => list?.Exists(a => a.IsAsync == isAsync && a.Source.Equals(listener)) == true;
    }
}
