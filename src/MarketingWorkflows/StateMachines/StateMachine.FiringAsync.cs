using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// Fires <paramref name="trigger"/>, awaiting asynchronous actions and listeners in order.
    /// </summary>
    /// <remarks>
    /// As in Stateless, a trigger refused by its guards is reported without the unmet guards: the
    /// unhandled-trigger action receives <see langword="null"/> for them, and the default one throws
    /// <see cref="TriggerNotPermittedException"/> saying no transition is permitted. <c>CanFire</c> and
    /// <see cref="GetPermittedTriggersAsync"/> tell which guards hold.
    /// </remarks>
    /// <param name="trigger">The trigger.</param>
    /// <returns>A task that completes when the transition, and any triggers it queued, have completed.</returns>
    public Task FireAsync(TTrigger trigger) => InternalFireAsync(trigger, []);

    /// <summary>
    /// Fires <paramref name="trigger"/> with untyped arguments, awaiting asynchronous actions and listeners in order.
    /// </summary>
    /// <remarks>
    /// As in Stateless, the arguments are not checked against parameters declared with
    /// <see cref="SetTriggerParameters(TTrigger, Type[])"/>; a typed guard or action that reads a
    /// missing or mistyped argument throws <see cref="ArgumentException"/> naming its position.
    /// </remarks>
    /// <param name="trigger">The trigger.</param>
    /// <param name="args">The arguments, passed to guards, selectors and actions.</param>
    /// <returns>A task that completes when the transition, and any triggers it queued, have completed.</returns>
    public Task FireAsync(TTrigger trigger, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return InternalFireAsync(trigger, args);
    }

    /// <summary>Fires a trigger with untyped arguments asynchronously, checked against its declared parameters.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>A task that completes when the transition has completed.</returns>
    public Task FireAsync(TriggerWithParameters trigger, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(args);
        trigger.ValidateParameters(args);
        return InternalFireAsync(trigger.Trigger, args);
    }

    /// <summary>Fires a trigger with one typed argument asynchronously.</summary>
    /// <typeparam name="TArg0">The type of the argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The argument.</param>
    /// <returns>A task that completes when the transition has completed.</returns>
    public Task FireAsync<TArg0>(TriggerWithParameters<TArg0> trigger, TArg0 arg0)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return InternalFireAsync(trigger.Trigger, Arguments.Pack(arg0));
    }

    /// <summary>Fires a trigger with two typed arguments asynchronously.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <returns>A task that completes when the transition has completed.</returns>
    public Task FireAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TArg0 arg0, TArg1 arg1)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return InternalFireAsync(trigger.Trigger, Arguments.Pack(arg0, arg1));
    }

    /// <summary>Fires a trigger with three typed arguments asynchronously.</summary>
    /// <typeparam name="TArg0">The type of the first argument.</typeparam>
    /// <typeparam name="TArg1">The type of the second argument.</typeparam>
    /// <typeparam name="TArg2">The type of the third argument.</typeparam>
    /// <param name="trigger">The trigger.</param>
    /// <param name="arg0">The first argument.</param>
    /// <param name="arg1">The second argument.</param>
    /// <param name="arg2">The third argument.</param>
    /// <returns>A task that completes when the transition has completed.</returns>
    public Task FireAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TArg0 arg0, TArg1 arg1, TArg2 arg2)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return InternalFireAsync(trigger.Trigger, Arguments.Pack(arg0, arg1, arg2));
    }

    /// <summary>Runs the activation actions, sync and async, of the current state and its superstates, outermost first.</summary>
    /// <returns>A task that completes when every action has run.</returns>
    public async Task ActivateAsync()
    {
        var chain = new Stack<StateRepresentation<TState, TTrigger>>();
        for (var node = CurrentRepresentation; node is not null; node = node.Superstate)
        {
            chain.Push(node);
        }

        while (chain.Count > 0)
        {
            foreach (var action in chain.Pop().ActivateActions)
            {
                await action.ExecuteAsync(null, []).ConfigureAwait(RetainSynchronizationContext);
            }
        }
    }

    /// <summary>Runs the deactivation actions, sync and async, of the current state and its superstates, innermost first.</summary>
    /// <returns>A task that completes when every action has run.</returns>
    public async Task DeactivateAsync()
    {
        for (var node = CurrentRepresentation; node is not null; node = node.Superstate)
        {
            foreach (var action in node.DeactivateActions)
            {
                await action.ExecuteAsync(null, []).ConfigureAwait(RetainSynchronizationContext);
            }
        }
    }

    private async Task InternalFireAsync(TTrigger trigger, object[] args)
    {
        if (_firingMode == FiringMode.Immediate)
        {
            await FireOneAsync(trigger, args).ConfigureAwait(RetainSynchronizationContext);
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
            await FireOneAsync(trigger, args).ConfigureAwait(RetainSynchronizationContext);
            while (_queue is { Count: > 0 })
            {
                var next = _queue.Dequeue();
                await FireOneAsync(next.Trigger, next.Args).ConfigureAwait(RetainSynchronizationContext);
            }
        }
        catch
        {
            _queue?.Clear();
            throw;
        }
        finally
        {
            _firing = false;
        }
    }

    private async Task FireOneAsync(TTrigger trigger, object[] args)
    {
        var definition = _definition;
        definition.ValidateParameters(trigger, args);
        var source = State;
        var representative = definition.GetRepresentation(source);
        List<string>? unmet = null;
        var handler = definition.HasAsyncLookup
            ? await FindHandlerAsync(representative, trigger, args).ConfigureAwait(RetainSynchronizationContext)
            : FindHandler(representative, trigger, args, ref unmet);
        if (handler is null)
        {
            // As in Stateless, FireAsync does not pass the unmet guards on: the unhandled-trigger
            // action gets null, and the default one says no transition is permitted.
            await HandleUnhandledAsync(source, trigger, null).ConfigureAwait(RetainSynchronizationContext);
            return;
        }

        switch (handler.Kind)
        {
            case BehaviourKind.Ignored:
                return;

            case BehaviourKind.Internal:
                await handler.Action!.ExecuteAsync(new Transition(source, source, trigger, args), args).ConfigureAwait(RetainSynchronizationContext);
                return;

            case BehaviourKind.Reentry:
                await ReenterAsync(representative, definition.GetRepresentation(handler.Destination), trigger, args).ConfigureAwait(RetainSynchronizationContext);
                return;

            case BehaviourKind.Dynamic:
                var destination = handler.AsyncSelector is null
                    ? handler.Selector!(args)
                    : await handler.AsyncSelector(args).ConfigureAwait(RetainSynchronizationContext);
                await MoveAsync(representative, destination, trigger, args).ConfigureAwait(RetainSynchronizationContext);
                return;

            default:
                if (representative.Is(handler.Destination))
                {
                    // A Permit inherited from a superstate that targets the current substate:
                    // the machine is already there, and Stateless runs nothing.
                    return;
                }

                await MoveAsync(representative, handler.Destination, trigger, args).ConfigureAwait(RetainSynchronizationContext);
                return;
        }
    }

    /// <summary>As <c>FindHandler</c>, awaiting asynchronous guards: used only when the definition has some.</summary>
    private static async Task<TriggerBehaviour<TState, TTrigger>?> FindHandlerAsync(
        StateRepresentation<TState, TTrigger> representation,
        TTrigger trigger,
        object[] args)
    {
        for (var level = representation; level is not null; level = level.Superstate)
        {
            if (!level.Behaviours.TryGetValue(trigger, out var candidates))
            {
                continue;
            }

            TriggerBehaviour<TState, TTrigger>? open = null;
            var multiple = false;
            var levelUnmet = new List<string>();
            foreach (var candidate in candidates)
            {
                if (!await candidate.Guard.EvaluateAsync(args, levelUnmet).ConfigureAwait(false))
                {
                    continue;
                }

                multiple |= open is not null;
                open = candidate;
            }

            if (multiple)
            {
                throw MultiplePermitted(trigger, level.State);
            }

            if (open is not null)
            {
                return open;
            }
        }

        return null;
    }

    private async Task MoveAsync(StateRepresentation<TState, TTrigger> sourceRepresentation, TState destination, TTrigger trigger, object[] args)
    {
        if (!_definition.IsFrozen)
        {
            _definition.ValidateInitialChain(_definition.PeekRepresentation(destination));
        }

        var transition = new Transition(sourceRepresentation.State, destination, trigger, args);
        await ExitTowardsAsync(sourceRepresentation, transition).ConfigureAwait(RetainSynchronizationContext);
        await ArriveAsync(sourceRepresentation, _definition.GetRepresentation(destination), transition, reentryBehaviour: false).ConfigureAwait(RetainSynchronizationContext);
    }

    private async Task ReenterAsync(StateRepresentation<TState, TTrigger> sourceRepresentation, StateRepresentation<TState, TTrigger> target, TTrigger trigger, object[] args)
    {
        if (!_definition.IsFrozen)
        {
            _definition.ValidateInitialChain(target);
        }

        var transition = new Transition(sourceRepresentation.State, target.State, trigger, args);
        await ExitTowardsAsync(sourceRepresentation, transition).ConfigureAwait(RetainSynchronizationContext);
        if (!transition.IsReentry)
        {
            transition = new Transition(target.State, target.State, trigger, args);
            await ExitTowardsAsync(target, transition).ConfigureAwait(RetainSynchronizationContext);
        }

        await ArriveAsync(target, target, transition, reentryBehaviour: true).ConfigureAwait(RetainSynchronizationContext);
    }

    private async Task ExitTowardsAsync(StateRepresentation<TState, TTrigger> node, Transition transition)
    {
        if (transition.IsReentry)
        {
            await RunActionsAsync(node.ExitActions, transition, filterByTrigger: false).ConfigureAwait(RetainSynchronizationContext);
            return;
        }

        var destination = _definition.PeekRepresentation(transition.Destination);
        for (var current = node; current is not null && !current.Includes(destination); current = current.Superstate)
        {
            await RunActionsAsync(current.ExitActions, transition, filterByTrigger: false).ConfigureAwait(RetainSynchronizationContext);
        }
    }

    private async Task ArriveAsync(StateRepresentation<TState, TTrigger> sourceRepresentation, StateRepresentation<TState, TTrigger> destination, Transition transition, bool reentryBehaviour)
    {
        // As in Fire: in Immediate mode, PermitReentry leaves the state as it finds it.
        if (!reentryBehaviour || _firingMode != FiringMode.Immediate)
        {
            State = destination.State;
        }

        await RaiseAsync(_definition.Hooks.Transitioned, _ownHooks?.Transitioned, transition).ConfigureAwait(RetainSynchronizationContext);
        await EnterAsync(destination, sourceRepresentation, transition).ConfigureAwait(RetainSynchronizationContext);

        var current = destination;
        while (current.HasInitialTransition)
        {
            if (_firingMode == FiringMode.Immediate && !StateComparer.Equals(State, current.State))
            {
                break;
            }

            var target = _definition.GetRepresentation(current.InitialTransitionTarget);
            State = target.State;
            await RaiseAsync(_definition.Hooks.Transitioned, _ownHooks?.Transitioned, new Transition(current.State, target.State, transition.Trigger, transition.Parameters)).ConfigureAwait(RetainSynchronizationContext);
            var initial = new InitialTransition(transition.Source, target.State, transition.Trigger, transition.Parameters);
            await EnterAsync(target, sourceRepresentation, initial).ConfigureAwait(RetainSynchronizationContext);
            current = target;
        }

        if (_definition.Hooks.TransitionCompleted is not null || _ownHooks?.TransitionCompleted is not null)
        {
            // As in Stateless: a transition reports the state it ended in, after initial
            // transitions; PermitReentry reports the state it re-entered.
            var completed = new Transition(transition.Source, reentryBehaviour ? transition.Destination : State, transition.Trigger, transition.Parameters);
            await RaiseAsync(_definition.Hooks.TransitionCompleted, _ownHooks?.TransitionCompleted, completed).ConfigureAwait(RetainSynchronizationContext);
        }
    }

    private async Task EnterAsync(StateRepresentation<TState, TTrigger> node, StateRepresentation<TState, TTrigger> source, Transition transition)
    {
        if (!transition.IsReentry)
        {
            if (node.Includes(source))
            {
                return;
            }

            if (node.Superstate is not null && transition is not InitialTransition)
            {
                await EnterAsync(node.Superstate, source, transition).ConfigureAwait(RetainSynchronizationContext);
            }
        }

        await RunActionsAsync(node.EntryActions, transition, filterByTrigger: true).ConfigureAwait(RetainSynchronizationContext);
    }

    private async Task RunActionsAsync(List<StateAction<TState, TTrigger>> actions, Transition transition, bool filterByTrigger)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (!filterByTrigger || action.AppliesTo(transition.Trigger))
            {
                await action.ExecuteAsync(transition, transition.Parameters).ConfigureAwait(RetainSynchronizationContext);
            }
        }
    }

    /// <summary>
    /// Runs transition listeners as Stateless does: the synchronous ones first, in the order they
    /// were registered, then the asynchronous ones, awaited in order.
    /// </summary>
    private async Task RaiseAsync(List<StateAction<TState, TTrigger>>? shared, List<StateAction<TState, TTrigger>>? own, Transition transition)
    {
        await RunListenersAsync(shared, own, transition, asynchronous: false).ConfigureAwait(RetainSynchronizationContext);
        await RunListenersAsync(shared, own, transition, asynchronous: true).ConfigureAwait(RetainSynchronizationContext);
    }

    private async Task RunListenersAsync(List<StateAction<TState, TTrigger>>? shared, List<StateAction<TState, TTrigger>>? own, Transition transition, bool asynchronous)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            var listeners = pass == 0 ? shared : own;
            if (listeners is null)
            {
                continue;
            }

            for (var i = 0; i < listeners.Count; i++)
            {
                if (listeners[i].IsAsync == asynchronous)
                {
                    await listeners[i].ExecuteAsync(transition, transition.Parameters).ConfigureAwait(RetainSynchronizationContext);
                }
            }
        }
    }

    private async Task HandleUnhandledAsync(TState state, TTrigger trigger, List<string>? unmet)
    {
        var hooks = _ownHooks is { HasUnhandledHandler: true } ? _ownHooks : _definition.Hooks;
        if (hooks.UnhandledAsync is not null)
        {
            await hooks.UnhandledAsync(state, trigger, unmet).ConfigureAwait(RetainSynchronizationContext);
        }
        else if (hooks.Unhandled is not null)
        {
            hooks.Unhandled(state, trigger, unmet);
        }
        else
        {
            throw new TriggerNotPermittedException(state, trigger, unmet ?? []);
        }
    }
}
