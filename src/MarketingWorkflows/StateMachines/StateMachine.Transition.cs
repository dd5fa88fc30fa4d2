using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    /// <summary>
    /// Describes one transition: where it starts, where it ends, the trigger that caused it,
    /// and the trigger's arguments.
    /// </summary>
    public class Transition
    {
        /// <summary>
        /// Creates a transition.
        /// </summary>
        /// <param name="source">The state the transition leaves.</param>
        /// <param name="destination">The state the transition enters.</param>
        /// <param name="trigger">The trigger that caused the transition.</param>
        /// <param name="parameters">The trigger's arguments; <see langword="null"/> means none.</param>
        public Transition(TState source, TState destination, TTrigger trigger, object[]? parameters = null)
        {
            Source = source;
            Destination = destination;
            Trigger = trigger;
            Parameters = parameters ?? [];
        }

        /// <summary>Gets the state the transition leaves.</summary>
        public TState Source { get; }

        /// <summary>Gets the state the transition enters.</summary>
        public TState Destination { get; }

        /// <summary>Gets the trigger that caused the transition.</summary>
        public TTrigger Trigger { get; }

        /// <summary>Gets the trigger's arguments, in order; empty when it has none.</summary>
        public object[] Parameters { get; }

        /// <summary>Gets a value indicating whether the transition leaves and re-enters one state.</summary>
        public bool IsReentry => EqualityComparer<TState>.Default.Equals(Source, Destination);
    }

    /// <summary>
    /// Describes the step into a superstate's initial substate, taken automatically after the
    /// superstate has been entered.
    /// </summary>
    public class InitialTransition : Transition
    {
        /// <summary>
        /// Creates an initial transition.
        /// </summary>
        /// <param name="source">The state the original transition left.</param>
        /// <param name="destination">The initial substate being entered.</param>
        /// <param name="trigger">The trigger of the original transition.</param>
        /// <param name="parameters">The trigger's arguments; <see langword="null"/> means none.</param>
        public InitialTransition(TState source, TState destination, TTrigger trigger, object[]? parameters = null)
            : base(source, destination, trigger, parameters)
        {
        }
    }
}
