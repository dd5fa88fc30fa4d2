using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <content>
    /// Stateless's remaining internal-transition overloads: guards that ignore the arguments
    /// (<see cref="Func{TResult}"/>), untyped guards on typed triggers, and generic forms whose type
    /// argument is not used. Each behaves as the overload it names.
    /// </content>
    public partial class StateConfiguration
    {
        /// <summary>Runs <paramref name="internalAction"/> with the transition when <paramref name="trigger"/> is fired, and stays in this state.</summary>
        /// <remarks>As <see cref="InternalTransition(TTrigger, Action{Transition})"/>; <typeparamref name="TArg0"/> is not used (kept for Stateless's signature).</remarks>
        /// <typeparam name="TArg0">Not used.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransition<TArg0>(TTrigger trigger, Action<Transition> internalAction)
            => InternalTransition(trigger, internalAction);

        /// <summary>Runs <paramref name="internalAction"/> with the transition when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments, and stays in this state.</summary>
        /// <remarks>As <see cref="InternalTransitionIf(TTrigger, Func{object[], bool}, Action{Transition}, string)"/>; <typeparamref name="TArg0"/> is not used.</remarks>
        /// <typeparam name="TArg0">Not used.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0>(TTrigger trigger, Func<object[], bool> guard, Action<Transition> internalAction, string? guardDescription = null)
            => InternalTransitionIf(trigger, guard, internalAction, guardDescription);

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its untyped arguments, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments as an array.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<object[], bool> guard, Action<TArg0, TArg1, Transition> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its untyped arguments, and stays in this state.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the trigger's arguments as an array.</param>
        /// <param name="internalAction">The action.</param>
        /// <param name="guardDescription">A description of the guard.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<object[], bool> guard, Action<TArg0, TArg1, TArg2, Transition> internalAction, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, new GuardCondition(guard, guard, guardDescription), StateAction<TState, TTrigger>.Internal(internalAction, (a, t) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the transition when <paramref name="trigger"/> is fired, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>As <see cref="InternalTransitionAsync(TTrigger, Func{Transition, Task})"/>; <typeparamref name="TArg0"/> is not used.</remarks>
        /// <typeparam name="TArg0">Not used.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsync<TArg0>(TTrigger trigger, Func<Transition, Task> internalAction)
            => InternalTransitionAsync(trigger, internalAction);

        /// <summary>Runs <paramref name="internalAction"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf(TTrigger trigger, Func<bool> guard, Func<Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, new GuardCondition(guard, null), StateAction<TState, TTrigger>.InternalAsync(internalAction, (_, _) => internalAction()));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the transition when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf(TTrigger trigger, Func<bool> guard, Func<Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger, new GuardCondition(guard, null), StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, _) => internalAction(t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the transition when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>As <see cref="InternalTransitionAsyncIf(TTrigger, Func{bool}, Func{Transition, Task})"/>; <typeparamref name="TArg0"/> is not used.</remarks>
        /// <typeparam name="TArg0">Not used.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0>(TTrigger trigger, Func<bool> guard, Func<Transition, Task> internalAction)
            => InternalTransitionAsyncIf(trigger, guard, internalAction);

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's argument when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, which does not read the argument.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<bool> guard, Func<TArg0, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, new GuardCondition(guard, null), StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's argument when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for it, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>As the overload with a guard description, with none.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the argument.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, bool> guard, Func<TArg0, Transition, Task> internalAction)
            => InternalTransitionAsyncIf(trigger, guard, internalAction, null);

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, which does not read the arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<bool> guard, Func<TArg0, TArg1, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, new GuardCondition(guard, null), StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>As the overload with a guard description, with none.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, bool> guard, Func<TArg0, TArg1, Transition, Task> internalAction)
            => InternalTransitionAsyncIf(trigger, guard, internalAction, null);

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>An internal transition runs no exit or entry action and does not call the transition listeners.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, which does not read the arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<bool> guard, Func<TArg0, TArg1, TArg2, Transition, Task> internalAction)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(guard);
            ArgumentNullException.ThrowIfNull(internalAction);
            return AddInternal(trigger.Trigger, new GuardCondition(guard, null), StateAction<TState, TTrigger>.InternalAsync(internalAction, (t, a) => internalAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t!)));
        }

        /// <summary>Runs <paramref name="internalAction"/> with the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them, and stays in this state; only <c>FireAsync</c> can run it.</summary>
        /// <remarks>As the overload with a guard description, with none.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition, given the arguments.</param>
        /// <param name="internalAction">The action.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration InternalTransitionAsyncIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, bool> guard, Func<TArg0, TArg1, TArg2, Transition, Task> internalAction)
            => InternalTransitionAsyncIf(trigger, guard, internalAction, null);
    }
}
