using System;
using MarketingWorkflows.StateMachines.Internal;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    public partial class StateConfiguration
    {
        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamic(TTrigger trigger, Func<TState> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            return PermitDynamicIf(trigger, destinationStateSelector, null, guard, guardDescription, possibleDestinationStates);
        }

        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, string? destinationStateSelectorDescription, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, params Tuple<Func<bool>, string>[] guards)
        {
            return PermitDynamicIf(trigger, destinationStateSelector, (string?)null, guards);
        }

        /// <summary>Moves to the state chosen by <paramref name="destinationStateSelector"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf(TTrigger trigger, Func<TState> destinationStateSelector, string? destinationStateSelectorDescription, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger, _ => destinationStateSelector(), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.From(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamic<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, Func<TArg0, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, TransitionGuard.From(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for them.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, TState> destinationStateSelector, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0)), destinationStateSelector, null, Guards(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamic<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, Func<TArg0, TArg1, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, TransitionGuard.From(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, TState> destinationStateSelector, params Tuple<Func<TArg0, TArg1, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), destinationStateSelector, null, Guards(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="destinationStateSelectorDescription">A description of the selector, for diagrams.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamic<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, string? destinationStateSelectorDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, destinationStateSelectorDescription, TransitionGuard.Empty, possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, Func<bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, TransitionGuard.From(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <param name="possibleDestinationStates">The destinations the selector may choose, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, Func<TArg0, TArg1, TArg2, bool> guard, string? guardDescription = null, DynamicStateInfos? possibleDestinationStates = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, Guard(guard, guardDescription), possibleDestinationStates));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, params Tuple<Func<bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, TransitionGuard.From(guards), null));
        }

        /// <summary>Moves to the state chosen from the trigger's arguments when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for them.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationStateSelector">Chooses the destination when the trigger is fired.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitDynamicIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, TState> destinationStateSelector, params Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(destinationStateSelector);
            return Add(TriggerBehaviour<TState, TTrigger>.Dynamic(trigger.Trigger, a => destinationStateSelector(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), destinationStateSelector, null, Guards(guards), null));
        }
    }
}
