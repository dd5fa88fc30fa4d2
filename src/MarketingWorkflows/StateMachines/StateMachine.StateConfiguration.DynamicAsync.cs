using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <content>
    /// Dynamic transitions whose destination selector is asynchronous. The definition then notes that
    /// <c>FireAsync</c> must await the selector; machines without one keep the synchronous path.
    /// </content>
    public partial class StateConfiguration
    {
        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicAsync(TTrigger trigger, Func<Task<TState>> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its argument.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync(TTrigger trigger, Func<Task<TState>> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger, _ => destinationStateSelector(), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync(TTrigger trigger, Func<Task<TState>> destinationStateSelector, string? destinationStateSelectorDescription, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync(TTrigger trigger, Func<Task<TState>> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger, _ => destinationStateSelector(), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync(TTrigger trigger, Func<Task<TState>> destinationStateSelector, string? destinationStateSelectorDescription, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its argument.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.Empty, null));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds for them.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector, Func<TArg0, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and all <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its argument, and all <paramref name="guards"/> hold for it.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task<TState>> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task<TState>> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds for them.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task<TState>> destinationStateSelector, Func<TArg0, TArg1, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and all <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task<TState>> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and all <paramref name="guards"/> hold for them.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task<TState>> destinationStateSelector, Tuple<Func<TArg0, TArg1, bool>, string>[] guards, DynamicStateInfos? possibleDestinationStates)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task<TState>> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and <paramref name="guard"/> holds for them.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the trigger's arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task<TState>> destinationStateSelector, Func<TArg0, TArg1, TArg2, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and all <paramref name="guards"/> hold.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task<TState>> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen asynchronously by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired, from its arguments, and all <paramref name="guards"/> hold for them.</summary>
        /// <remarks>Only <c>FireAsync</c> can run the selector; synchronous <c>Fire</c> throws before anything runs.</remarks>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination, asynchronously, when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold for the trigger's arguments, each with its description.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIfAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task<TState>> destinationStateSelector, Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards, DynamicStateInfos? possibleDestinationStates)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.DynamicAsync(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }
    }
}
