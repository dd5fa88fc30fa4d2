using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    public partial class StateConfiguration
    {
        /// <summary>Runs <paramref name="entryAction"/> with the transition when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition(TTrigger trigger, Action<Transition> entryAction)
        {
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddInternal(trigger, AlwaysTrue, StateAction<TState, TTrigger>.Internal(entryAction, (_, t) => entryAction(t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition(TTrigger trigger, Action internalAction)
        {
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, AlwaysTrue, StateAction<TState, TTrigger>.Internal(internalAction, (_, _) => internalAction()));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf(TTrigger trigger, Func<object[], bool> guard, Action<Transition> entryAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddInternal(trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.Internal(entryAction, (_, t) => entryAction(t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf(TTrigger trigger, Func<object[], bool> guard, Action internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.Internal(internalAction, (_, _) => internalAction()));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition<TArg0>(TriggerWithParameters<TArg0> trigger, Action<TArg0, Transition> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(static (TArg0 _) => true, null).Conditions[0].AsImplicit(), StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, bool> guard, Action<TArg0, Transition> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Action<TArg0, TArg1, Transition> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, AlwaysTrue, StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, bool> guard, Action<TArg0, TArg1, Transition> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Action<TArg0, TArg1, TArg2, Transition> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, AlwaysTrue, StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, bool> guard, Action<TArg0, TArg1, TArg2, Transition> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t)));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync(TTrigger trigger, Func<Transition, Task> entryAction)
        {
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddInternal(trigger, AlwaysTrue, StateAction<TState, TTrigger>.InternalAsync(entryAction, (t, _) => entryAction(t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync(TTrigger trigger, Func<Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, AlwaysTrue, StateAction<TState, TTrigger>.InternalAsync(internalAction, (_, _) => internalAction()));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf(TTrigger trigger, Func<object[], bool> guard, Func<Transition, Task> entryAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddInternal(trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.InternalAsync(entryAction, (t, _) => entryAction(t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf(TTrigger trigger, Func<object[], bool> guard, Func<Task> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.InternalAsync(internalAction, (_, _) => internalAction()));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(static (TArg0 _) => true, null).Conditions[0].AsImplicit(), StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, bool> guard, Func<TArg0, Transition, Task> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, AlwaysTrue, StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, bool> guard, Func<TArg0, TArg1, Transition, Task> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments and the transition when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, AlwaysTrue, StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, bool> guard, Func<TArg0, TArg1, TArg2, Transition, Task> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, Guard(guard, guardDescription).Conditions[0], StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t!)));
        }

        /// <summary>
        /// Gets the guard of an unguarded internal transition. As in Stateless, it always holds
        /// and shows as a function in the reflection model; for a trigger with one parameter,
        /// Stateless's guard also reads (so checks) the argument, and so does ours.
        /// </summary>
        private static GuardCondition AlwaysTrue { get; } = new GuardCondition(static (object[] _) => true, static (object[] _) => true, null).AsImplicit();

        private StateConfiguration AddInternal(TTrigger trigger, GuardCondition? guard, StateAction<TState, TTrigger> action)
        {
            var behaviour = TriggerBehaviour<TState, TTrigger>.Internal(trigger, guard is null ? TransitionGuard.Empty : new([guard]), action);
            Add(behaviour);
            if (action.IsAsync)
            {
                _machine._definition.NoteAsync();
            }

            return this;
        }
    }
}
