using System;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// Configures one state: the triggers it permits, its superstate, and its actions. Every
    /// method returns the same configuration, so calls chain.
    /// </summary>
    public partial class StateConfiguration
    {
        private readonly StateMachine<TState, TTrigger> _machine;
        private readonly StateRepresentation<TState, TTrigger> _representation;

        internal StateConfiguration(StateMachine<TState, TTrigger> machine, StateRepresentation<TState, TTrigger> representation)
        {
            _machine = machine;
            _representation = representation;
        }

        /// <summary>Gets the state being configured.</summary>
        public TState State => _representation.State;

        /// <summary>Gets the machine being configured.</summary>
        public StateMachine<TState, TTrigger> Machine => _machine;


        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state (use <see cref="PermitReentry"/> or <see cref="Ignore(TTrigger)"/>).</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration Permit(TTrigger trigger, TState destinationState)
        {
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger, destinationState, TransitionGuard.Empty), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf(TTrigger trigger, TState destinationState, Func<bool> guard, string? guardDescription = null)
        {
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger, destinationState, TransitionGuard.From(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf(TTrigger trigger, TState destinationState, params Tuple<Func<bool>, string>[] guards)
        {
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger, destinationState, TransitionGuard.From(guards)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0>(TriggerWithParameters<TArg0> trigger, TState destinationState, Func<TArg0, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0>(TriggerWithParameters<TArg0> trigger, TState destinationState, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guards(guards)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TState destinationState, Func<TArg0, TArg1, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, TState destinationState, params Tuple<Func<TArg0, TArg1, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guards(guards)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TState destinationState, Func<TArg0, TArg1, TArg2, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guard(guard, guardDescription)), destinationState);
        }

        /// <summary>Moves to <paramref name="destinationState"/> when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="destinationState">The destination; must differ from this state.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, TState destinationState, params Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            EnforceNotSelf(destinationState);
            return Add(TriggerBehaviour<TState, TTrigger>.Transitioning(trigger.Trigger, destinationState, Guards(guards)), destinationState);
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired, running its exit and entry actions.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentry(TTrigger trigger)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger, State, TransitionGuard.Empty));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf(TTrigger trigger, Func<bool> guard, string? guardDescription = null)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger, State, TransitionGuard.From(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf(TTrigger trigger, params Tuple<Func<bool>, string>[] guards)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger, State, TransitionGuard.From(guards)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0>(TriggerWithParameters<TArg0> trigger, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guards(guards)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, params Tuple<Func<TArg0, TArg1, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guards(guards)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guard(guard, guardDescription)));
        }

        /// <summary>Exits and re-enters this state when <paramref name="trigger"/> is fired and all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration PermitReentryIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, params Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Reentry(trigger.Trigger, State, Guards(guards)));
        }

        /// <summary>Accepts <paramref name="trigger"/> in this state and does nothing: no transition, no action, no error.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration Ignore(TTrigger trigger)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger, TransitionGuard.Empty));
        }

        /// <summary>Accepts a trigger with parameters in this state and does nothing.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration Ignore(TriggerWithParameters trigger)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Ignore(trigger.Trigger);
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while <paramref name="guard"/> holds.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf(TTrigger trigger, Func<bool> guard, string? guardDescription = null)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger, TransitionGuard.From(guard, guardDescription)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while all <paramref name="guards"/> hold.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf(TTrigger trigger, params Tuple<Func<bool>, string>[] guards)
        {
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger, TransitionGuard.From(guards)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guard(guard, guardDescription)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0>(TriggerWithParameters<TArg0> trigger, params Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guards(guards)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guard(guard, guardDescription)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, params Tuple<Func<TArg0, TArg1, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guards(guards)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while <paramref name="guard"/> holds for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guard">The condition that must hold for the arguments.</param>
        /// <param name="guardDescription">A description of the guard, used in errors, diagrams and permitted-trigger listings.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, bool> guard, string? guardDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guard(guard, guardDescription)));
        }

        /// <summary>Ignores <paramref name="trigger"/> in this state while all <paramref name="guards"/> hold for its arguments.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="guards">The conditions that must all hold, each with its description.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration IgnoreIf<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, params Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return Add(TriggerBehaviour<TState, TTrigger>.Ignored(trigger.Trigger, Guards(guards)));
        }

        private static TransitionGuard Guard<TArg0>(Func<TArg0, bool> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0)), guard, description)]);
        }

        private static TransitionGuard Guard<TArg0, TArg1>(Func<TArg0, TArg1, bool> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), guard, description)]);
        }

        private static TransitionGuard Guard<TArg0, TArg1, TArg2>(Func<TArg0, TArg1, TArg2, bool> guard, string? description)
        {
            ArgumentNullException.ThrowIfNull(guard);
            return new([new GuardCondition(a => guard(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), guard, description)]);
        }

        private static TransitionGuard Guards<TArg0>(Tuple<Func<TArg0, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => Guard(g.Item1, g.Item2).Conditions[0]));
        }

        private static TransitionGuard Guards<TArg0, TArg1>(Tuple<Func<TArg0, TArg1, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => Guard(g.Item1, g.Item2).Conditions[0]));
        }

        private static TransitionGuard Guards<TArg0, TArg1, TArg2>(Tuple<Func<TArg0, TArg1, TArg2, bool>, string>[] guards)
        {
            ArgumentNullException.ThrowIfNull(guards);
            return new(Array.ConvertAll(guards, g => Guard(g.Item1, g.Item2).Conditions[0]));
        }

        private StateConfiguration Add(TriggerBehaviour<TState, TTrigger> behaviour)
        {
            _machine._definition.ThrowIfFrozen();
            _representation.AddBehaviour(behaviour);
            if (behaviour.NeedsAsyncLookup)
            {
                _machine._definition.NoteAsyncLookup();
            }

            return this;
        }

        private StateConfiguration Add(TriggerBehaviour<TState, TTrigger> behaviour, TState destination)
        {
            Add(behaviour);

            // Name the destination in the definition even if it is never configured, so that it
            // appears in diagrams and is entered without creating anything at fire time.
            _machine._definition.NameDestination(destination);
            return this;
        }

        private void EnforceNotSelf(TState destination)
        {
            if (_representation.Is(destination))
            {
                // Stateless's text (without a parameter name, as Stateless throws it).
                throw new ArgumentException(
                    "Permit() (and PermitIf()) require that the destination state is not equal to the source state. To accept a trigger without changing state, use either Ignore() or PermitReentry().");
            }
        }
    }
}
