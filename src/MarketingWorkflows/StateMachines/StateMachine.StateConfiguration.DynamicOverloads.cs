using System;
using MarketingWorkflows.StateMachines.Internal;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <content>
    /// Stateless's remaining <c>PermitDynamicIf</c> overloads: guard lists with declared possible
    /// destinations, and a typed trigger with no guard.
    /// </content>
    public partial class StateConfiguration
    {
        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
            => PermitDynamicIf(trigger, destinationStateSelector, null, possibleDestinationStates, guards);

        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, string? destinationStateSelectorDescription, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's argument when <paramref name="trigger"/> is fired.</summary>
        /// <remarks>As <see cref="PermitDynamic{TArg0}(TriggerWithParameters{TArg0}, Func{TArg0, TState}, string, DynamicStateInfos)"/>: there is no guard.</remarks>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector)
            => PermitDynamic(trigger, destinationStateSelector);

        /// <summary>Moves to the state chosen from the trigger's argument when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's argument when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for it.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, Tuple<Func<TArg0, TArg1, bool>, string>[] guards, DynamicStateInfos? possibleDestinationStates)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, DynamicStateInfos? possibleDestinationStates, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, TransitionGuard.From(guards), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards, DynamicStateInfos? possibleDestinationStates)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, Guards(guards), possibleDestinationStates));
        }
    }
}
