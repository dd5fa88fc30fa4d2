using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <content>
    /// Transitions with asynchronous guards. The definition then notes that <c>FireAsync</c> must
    /// await its handler lookup; machines without such guards keep the synchronous lookup.
    /// </content>
    public partial class StateConfiguration
    {
        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The asynchronous condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync(TTrigger trigger, TState destinationState, Func<Task<bool>> guard, string? guardDescription = null)
        {
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger, destinationState, TransitionGuard.FromAsync(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The asynchronous conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync(TTrigger trigger, TState destinationState, params Tuple<Func<Task<bool>>, string>[] guards)
        {
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger, destinationState, TransitionGuard.FromAsync(guards)), destinationState);
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The asynchronous condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync(TTrigger trigger, Func<Task<bool>> guard, string? guardDescription = null)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger, State, TransitionGuard.FromAsync(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The asynchronous conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync(TTrigger trigger, params Tuple<Func<Task<bool>>, string>[] guards)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger, State, TransitionGuard.FromAsync(guards)));
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, TState destinationState, Func<TArg0, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, TState destinationState, params Tuple<Func<TArg0, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuards(guards)), destinationState);
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, params Tuple<Func<TArg0, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuards(guards)));
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TState destinationState, Func<TArg0, TArg1, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TState destinationState, params Tuple<Func<TArg0, TArg1, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuards(guards)), destinationState);
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, params Tuple<Func<TArg0, TArg1, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuards(guards)));
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TState destinationState, Func<TArg0, TArg1, TArg2, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TState destinationState, params Tuple<Func<TArg0, TArg1, TArg2, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, AsyncGuards(guards)), destinationState);
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and the asynchronous <paramref name="guard"/> holds for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The asynchronous condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task<bool>> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all the asynchronous <paramref name="guards"/> hold for the trigger's arguments.</summary>
        /// <remarks>Only <c>FireAsync</c>, <see cref="GetPermittedTriggersAsync"/> and <see cref="GetDetailedPermittedTriggers"/> can evaluate the guard; synchronous calls that would need it throw.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The asynchronous conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, params Tuple<Func<TArg0, TArg1, TArg2, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, AsyncGuards(guards)));
        }
        private static TransitionGuard AsyncGuard<TArg0>(Func<TArg0, Task<bool>> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0)), guard, description)]);
        }

        private static TransitionGuard AsyncGuards<TArg0>(Tuple<Func<TArg0, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => AsyncGuard(g.Item1, g.Item2).Conditions[0]));
        }

        private static TransitionGuard AsyncGuard<TArg0, TArg1>(Func<TArg0, TArg1, Task<bool>> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), guard, description)]);
        }

        private static TransitionGuard AsyncGuards<TArg0, TArg1>(Tuple<Func<TArg0, TArg1, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => AsyncGuard(g.Item1, g.Item2).Conditions[0]));
        }

        private static TransitionGuard AsyncGuard<TArg0, TArg1, TArg2>(Func<TArg0, TArg1, TArg2, Task<bool>> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), guard, description)]);
        }

        private static TransitionGuard AsyncGuards<TArg0, TArg1, TArg2>(Tuple<Func<TArg0, TArg1, TArg2, Task<bool>>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => AsyncGuard(g.Item1, g.Item2).Conditions[0]));
        }
    }
}
