using System;
using System.Collections.Generic;
using System.Globalization;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// Fires <paramref name="trigger"/>: runs the transition it is configured for in the current state.
    /// </summary>
    /// <param name="trigger">The trigger.</param>
    /// <exception cref="TriggerNotPermittedException">The trigger is not permitted in the current state and no unhandled-trigger handler is set.</exception>
    /// <exception cref="InvalidOperationException">An action or listener on the way is asynchronous (use <see cref="FireAsync(TTrigger)"/>), or two behaviours for the trigger have their guards met.</exception>
    /// <remarks>On a frozen definition, a trigger without parameters whose actions and listeners do not ask for the <see cref="Transition"/> allocates nothing.</remarks>
    public void Fire(TTrigger trigger) => InternalFire(trigger, []);

    /// <summary>Fires a trigger with untyped arguments, checked against its declared parameters.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="args">The arguments.</param>
    public void Fire(TriggerWithParameters trigger, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(args);
        trigger.ValidateParameters(args);
        InternalFire(trigger.Trigger, args);
    }

    /// <summary>Fires a trigger with one typed argument.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The argument.</param>
    public void Fire<TArg0>(TriggerWithParameters<TArg0> trigger, TArg0 arg0)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        InternalFire(trigger.Trigger, Arguments.Pack(arg0));
    }

    /// <summary>Fires a trigger with two typed arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    public void Fire<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        InternalFire(trigger.Trigger, Arguments.Pack(arg0, arg1));
    }

    /// <summary>Fires a trigger with three typed arguments.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    public void Fire<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        InternalFire(trigger.Trigger, Arguments.Pack(arg0, arg1, arg2));
    }

    /// <summary>
    /// Runs the activation actions of the current state and its superstates, outermost first.
    /// </summary>
    public void Activate()
    {
        var current = CurrentRepresentation;
        ThrowIfAsync(current, activation: true);
        ActivateFrom(current);
    }

    /// <summary>
    /// Runs the deactivation actions of the current state and its superstates, innermost first.
    /// </summary>
    public void Deactivate()
    {
        var current = CurrentRepresentation;
        ThrowIfAsync(current, activation: false);
        for (var node = current; node is not null; node = node.Superstate)
        {
            foreach (var action in node.DeactivateActions)
            {
                action.Execute();
            }
        }
    }

    private static InvalidOperationException MultiplePermitted(TTrigger trigger, TState state)
        => new(string.Format(
            CultureInfo.InvariantCulture,
            "Multiple permitted exit transitions are configured from state '{1}' for trigger '{0}'. Guard clauses must be mutually exclusive.",
            trigger,
            state));

    private static InvalidOperationException AsyncInSyncFire(string where, object? state, string method = "Fire")
        => new(state is null
            ? $"An asynchronous {where} action is configured, and synchronous {method} cannot run it without blocking. Use {method}Async."
            : $"State '{state}' has an asynchronous {where} action, and synchronous {method} cannot run it without blocking. Use {method}Async.");

    private static void ThrowIfAsync(StateRepresentation<TState, TTrigger> current, bool activation)
    {
        for (var node = current; node is not null; node = node.Superstate)
        {
            foreach (var action in activation ? node.ActivateActions : node.DeactivateActions)
            {
                if (action.IsAsync)
                {
                    throw activation
                        ? AsyncInSyncFire("OnActivate", node.State, nameof(Activate))
                        : AsyncInSyncFire("OnDeactivate", node.State, nameof(Deactivate));
                }
            }
        }
    }

    private static void ActivateFrom(StateRepresentation<TState, TTrigger> node)
    {
        if (node.Superstate is not null)
        {
            ActivateFrom(node.Superstate);
        }

        foreach (var action in node.ActivateActions)
        {
            action.Execute();
        }
    }

    /// <summary>
    /// Finds the behaviour that handles <paramref name="trigger"/> from <paramref name="representation"/>:
    /// the state's own first, then its superstates'. At one level, exactly one behaviour may have
    /// its guards met. When none is found, <paramref name="unmet"/> holds the unmet guards of the
    /// outermost level that had behaviours for the trigger.
    /// </summary>
    private static TriggerBehaviour<TState, TTrigger>? FindHandler(
        StateRepresentation<TState, TTrigger> representation,
        TTrigger trigger,
        object[] args,
        ref List<string>? unmet)
    {
        for (var level = representation; level is not null; level = level.Superstate)
        {
            if (!level.Behaviours.TryGetValue(trigger, out var candidates))
            {
                continue;
            }

            TriggerBehaviour<TState, TTrigger>? open = null;
            var multiple = false;
            List<string>? levelUnmet = null;
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                if (!candidate.Guard.Evaluate(args, ref levelUnmet))
                {
                    continue;
                }

                // Every guard is evaluated before a conflict is reported, as in Stateless.
                multiple |= open is not null;
                open = candidate;
            }

            if (multiple)
            {
                // Stateless's text, so messages that existing code logs or matches stay the same.
                throw MultiplePermitted(trigger, level.State);
            }

            if (open is not null)
            {
                unmet = null;
                return open;
            }

            unmet = levelUnmet;
        }

        return null;
    }

    private void InternalFire(TTrigger trigger, object[] args)
    {
        if (_firingMode == FiringMode.Immediate)
        {
            FireOne(trigger, args);
            return;
        }

        if (_firing)
        {
            (_queue ??= new()).Enqueue(new QueuedTrigger(trigger, args));
            return;
        }

        _firing = true;
        try
        {
            FireOne(trigger, args);
            while (_queue is { Count: > 0 })
            {
                var next = _queue.Dequeue();
                FireOne(next.Trigger, next.Args);
            }
        }
        catch
        {
            // A failed transition discards what it queued: those triggers were fired by actions
            // of a transition that did not complete.
            _queue?.Clear();
            throw;
        }
        finally
        {
            _firing = false;
        }
    }

    private void FireOne(TTrigger trigger, object[] args)
    {
        var definition = _definition;
        definition.ValidateParameters(trigger, args);
        var source = State;
        var representative = definition.GetRepresentation(source);
        List<string>? unmet = null;
        var handler = FindHandler(representative, trigger, args, ref unmet);
        if (handler is null)
        {
            HandleUnhandled(source, trigger, unmet);
            return;
        }

        switch (handler.Kind)
        {
            case BehaviourKind.Ignored:
                return;

            case BehaviourKind.Internal:
                var action = handler.Action!;
                if (action.IsAsync)
                {
                    throw AsyncInSyncFire("internal transition", source);
                }

                var context = new TransitionContext<TState, TTrigger>(source, source, trigger, args);
                action.Execute(ref context);
                return;

            case BehaviourKind.Reentry:
                Reenter(representative, definition.GetRepresentation(handler.Destination), trigger, args);
                return;

            case BehaviourKind.Dynamic:
                if (handler.Selector is null)
                {
                    throw new InvalidOperationException(
                        $"State '{source}' chooses the destination for trigger '{trigger}' with an asynchronous selector, and synchronous Fire cannot run it without blocking. Use FireAsync.");
                }

                Move(representative, handler.Selector(args), trigger, args);
                return;

            default:
                if (representative.Is(handler.Destination))
                {
                    // A Permit inherited from a superstate that targets the current substate:
                    // the machine is already there, and Stateless runs nothing.
                    return;
                }

                Move(representative, handler.Destination, trigger, args);
                return;
        }
    }

    private void Move(StateRepresentation<TState, TTrigger> sourceRepresentation, TState destination, TTrigger trigger, object[] args)
    {
        Prepare(sourceRepresentation, _definition.PeekRepresentation(destination), trigger, reenter: sourceRepresentation.Is(destination));

        var context = new TransitionContext<TState, TTrigger>(sourceRepresentation.State, destination, trigger, args);
        ExitTowards(sourceRepresentation, ref context);
        Arrive(sourceRepresentation, _definition.GetRepresentation(destination), ref context, reentryBehaviour: false);
    }

    private void Reenter(StateRepresentation<TState, TTrigger> sourceRepresentation, StateRepresentation<TState, TTrigger> target, TTrigger trigger, object[] args)
    {
        Prepare(sourceRepresentation, target, trigger, reenter: true);

        // From a substate of the re-entered state: leave the substates first, then the state itself.
        var context = new TransitionContext<TState, TTrigger>(sourceRepresentation.State, target.State, trigger, args);
        ExitTowards(sourceRepresentation, ref context);
        if (!context.IsReentry)
        {
            context = new TransitionContext<TState, TTrigger>(target.State, target.State, trigger, args);
            ExitTowards(target, ref context);
        }

        Arrive(target, target, ref context, reentryBehaviour: true);
    }

    /// <summary>Refuses, before anything runs, a transition that cannot complete synchronously.</summary>
    private void Prepare(StateRepresentation<TState, TTrigger> source, StateRepresentation<TState, TTrigger> destination, TTrigger trigger, bool reenter)
    {
        if (!_definition.IsFrozen)
        {
            _definition.ValidateInitialChain(destination);
        }

        if (HasAsync)
        {
            ThrowIfPathHasAsync(source, destination, trigger, reenter);
        }
    }

    /// <summary>Throws when an async action or listener lies on the path of this transition.</summary>
    /// <param name="source">The current state.</param>
    /// <param name="destination">The destination.</param>
    /// <param name="trigger">The trigger, for OnEntryFrom filters.</param>
    /// <param name="reenter">Whether the destination itself is exited and entered again (a reentry).</param>
    private void ThrowIfPathHasAsync(StateRepresentation<TState, TTrigger> source, StateRepresentation<TState, TTrigger> destination, TTrigger trigger, bool reenter)
    {
        if (_definition.Hooks.HasAsyncListener || _ownHooks?.HasAsyncListener == true)
        {
            throw AsyncInSyncFire("OnTransitioned or OnTransitionCompleted", null);
        }

        for (var node = source; node is not null; node = node.Superstate)
        {
            if (!reenter && node.Includes(destination))
            {
                break;
            }

            ThrowIfAnyAsync(node.ExitActions, trigger, node.State, "OnExit");
            if (reenter && node.Is(destination.State))
            {
                break;
            }
        }

        for (var node = destination; node is not null && (reenter ? ReferenceEquals(node, destination) : !node.Includes(source)); node = node.Superstate)
        {
            ThrowIfAnyAsync(node.EntryActions, trigger, node.State, "OnEntry");
        }

        for (var node = destination; node.HasInitialTransition;)
        {
            node = _definition.GetRepresentation(node.InitialTransitionTarget);
            ThrowIfAnyAsync(node.EntryActions, trigger, node.State, "OnEntry");
        }
    }

    private static void ThrowIfAnyAsync(List<StateAction<TState, TTrigger>> actions, TTrigger trigger, TState state, string where)
    {
        foreach (var action in actions)
        {
            if (action.IsAsync && action.AppliesTo(trigger))
            {
                throw AsyncInSyncFire(where, state);
            }
        }
    }

    /// <summary>
    /// Runs exit actions from <paramref name="node"/> outwards, up to (not including) the first
    /// state that contains the destination. For a reentry, only the state itself exits.
    /// </summary>
    private void ExitTowards(StateRepresentation<TState, TTrigger> node, ref TransitionContext<TState, TTrigger> context)
    {
        if (context.IsReentry)
        {
            RunExitActions(node, ref context);
            return;
        }

        var destination = _definition.PeekRepresentation(context.Destination);
        for (var current = node; current is not null && !current.Includes(destination); current = current.Superstate)
        {
            RunExitActions(current, ref context);
        }
    }

    private static void RunExitActions(StateRepresentation<TState, TTrigger> node, ref TransitionContext<TState, TTrigger> context)
    {
        var actions = node.ExitActions;
        for (var i = 0; i < actions.Count; i++)
        {
            actions[i].Execute(ref context);
        }
    }

    /// <summary>
    /// Completes a transition once exits are done: sets the state, tells listeners, enters the
    /// destination (and the superstates entered on the way), then follows initial transitions.
    /// </summary>
    private void Arrive(StateRepresentation<TState, TTrigger> sourceRepresentation, StateRepresentation<TState, TTrigger> destination, ref TransitionContext<TState, TTrigger> context, bool reentryBehaviour)
    {
        // In Immediate mode Stateless's PermitReentry leaves the state as it finds it: an action
        // may already have moved the machine on, and a reentry of a superstate from one of its
        // substates stays in the substate.
        if (!reentryBehaviour || _firingMode != FiringMode.Immediate)
        {
            State = destination.State;
        }

        RaiseTransitioned(ref context);
        Enter(destination, sourceRepresentation, ref context);

        var current = destination;
        while (current.HasInitialTransition)
        {
            if (_firingMode == FiringMode.Immediate && !StateComparer.Equals(State, current.State))
            {
                // An entry action fired a trigger that has already moved the machine on.
                break;
            }

            var target = _definition.GetRepresentation(current.InitialTransitionTarget);
            State = target.State;
            var step = new TransitionContext<TState, TTrigger>(current.State, target.State, context.Trigger, context.Args);
            RaiseTransitioned(ref step);
            var initial = new TransitionContext<TState, TTrigger>(context.Source, target.State, context.Trigger, context.Args, isInitial: true);
            Enter(target, sourceRepresentation, ref initial);
            current = target;
        }

        // As in Stateless: a transition reports the state it ended in, after initial
        // transitions; PermitReentry reports the state it re-entered.
        RaiseTransitionCompleted(context.Source, reentryBehaviour ? context.Destination : State, context.Trigger, context.Args);
    }

    /// <summary>
    /// Runs entry actions: superstates first, from just inside the common ancestor of source
    /// and destination down to the destination. A reentry enters only the state itself; an
    /// initial transition does not re-enter the superstate it starts from.
    /// </summary>
    private static void Enter(StateRepresentation<TState, TTrigger> node, StateRepresentation<TState, TTrigger> source, ref TransitionContext<TState, TTrigger> context)
    {
        if (!context.IsReentry)
        {
            if (node.Includes(source))
            {
                return;
            }

            if (node.Superstate is not null && !context.IsInitial)
            {
                Enter(node.Superstate, source, ref context);
            }
        }

        var actions = node.EntryActions;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (action.AppliesTo(context.Trigger))
            {
                action.Execute(ref context);
            }
        }
    }

    private void RaiseTransitioned(ref TransitionContext<TState, TTrigger> context)
    {
        Raise(_definition.Hooks.Transitioned, ref context);
        Raise(_ownHooks?.Transitioned, ref context);
    }

    private void RaiseTransitionCompleted(TState source, TState destination, TTrigger trigger, object[] args)
    {
        if (_definition.Hooks.TransitionCompleted is null && _ownHooks?.TransitionCompleted is null)
        {
            return;
        }

        var context = new TransitionContext<TState, TTrigger>(source, destination, trigger, args);
        Raise(_definition.Hooks.TransitionCompleted, ref context);
        Raise(_ownHooks?.TransitionCompleted, ref context);
    }

    private static void Raise(List<StateAction<TState, TTrigger>>? listeners, ref TransitionContext<TState, TTrigger> context)
    {
        if (listeners is null)
        {
            return;
        }

        for (var i = 0; i < listeners.Count; i++)
        {
            listeners[i].Execute(ref context);
        }
    }

    private void HandleUnhandled(TState state, TTrigger trigger, List<string>? unmet)
    {
        var hooks = _ownHooks is { HasUnhandledHandler: true } ? _ownHooks : _definition.Hooks;
        if (hooks.UnhandledAsync is not null)
        {
            throw AsyncInSyncFire("OnUnhandledTrigger", null);
        }

        if (hooks.Unhandled is null)
        {
            throw new TriggerNotPermittedException(state, trigger, unmet ?? []);
        }

        hooks.Unhandled(state, trigger, unmet);
    }
}
