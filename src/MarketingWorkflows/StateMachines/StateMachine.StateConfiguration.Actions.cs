using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Internal;

namespace MarketingWorkflows.StateMachines;

public partial class StateMachine<TState, TTrigger>
{
    public partial class StateConfiguration
    {
        /// <summary>Runs <paramref name="entryAction"/> when this state is entered.</summary>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntry(Action entryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.Plain(entryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when this state is entered.</summary>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntry(Action<Transition> entryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.WithTransition(entryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="asyncEntryAction"/> when this state is entered; only <c>FireAsync</c> can run it.</summary>
        /// <param name="asyncEntryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryAsync(Func<Task> asyncEntryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.Async(asyncEntryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="asyncEntryAction"/> with the transition when this state is entered; only <c>FireAsync</c> can run it.</summary>
        /// <param name="asyncEntryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryAsync(Func<Transition, Task> asyncEntryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.Async(asyncEntryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="exitAction"/> when this state is exited.</summary>
        /// <param name="exitAction">The action.</param>
        /// <param name="exitActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnExit(Action exitAction, string? exitActionDescription = null)
        {
            return AddAction(_representation.ExitActions, StateAction<TState, TTrigger>.Plain(exitAction, exitActionDescription));
        }

        /// <summary>Runs <paramref name="exitAction"/> with the transition when this state is exited.</summary>
        /// <param name="exitAction">The action.</param>
        /// <param name="exitActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnExit(Action<Transition> exitAction, string? exitActionDescription = null)
        {
            return AddAction(_representation.ExitActions, StateAction<TState, TTrigger>.WithTransition(exitAction, exitActionDescription));
        }

        /// <summary>Runs <paramref name="asyncExitAction"/> when this state is exited; only <c>FireAsync</c> can run it.</summary>
        /// <param name="asyncExitAction">The action.</param>
        /// <param name="exitActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnExitAsync(Func<Task> asyncExitAction, string? exitActionDescription = null)
        {
            return AddAction(_representation.ExitActions, StateAction<TState, TTrigger>.Async(asyncExitAction, exitActionDescription));
        }

        /// <summary>Runs <paramref name="asyncExitAction"/> with the transition when this state is exited; only <c>FireAsync</c> can run it.</summary>
        /// <param name="asyncExitAction">The action.</param>
        /// <param name="exitActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnExitAsync(Func<Transition, Task> asyncExitAction, string? exitActionDescription = null)
        {
            return AddAction(_representation.ExitActions, StateAction<TState, TTrigger>.Async(asyncExitAction, exitActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> when this state is entered by <paramref name="trigger"/>.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom(TTrigger trigger, Action entryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.From(trigger, entryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when this state is entered by <paramref name="trigger"/>.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom(TTrigger trigger, Action<Transition> entryAction, string? entryActionDescription = null)
        {
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.From(trigger, entryAction, entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> when this state is entered by a trigger with parameters.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom(TriggerWithParameters trigger, Action entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return OnEntryFrom(trigger.Trigger, entryAction, entryActionDescription);
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when this state is entered by a trigger with parameters.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom(TriggerWithParameters trigger, Action<Transition> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return OnEntryFrom(trigger.Trigger, entryAction, entryActionDescription);
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's argument when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0>(TriggerWithParameters<TArg0> trigger, Action<TArg0> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgs(trigger.Trigger, entryAction, a => entryAction(Arguments.Unpack<TArg0>(a, 0)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's argument and the transition when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0>(TriggerWithParameters<TArg0> trigger, Action<TArg0, Transition> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgsAndTransition(trigger.Trigger, entryAction, (a, t) => entryAction(Arguments.Unpack<TArg0>(a, 0), t), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Action<TArg0, TArg1> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgs(trigger.Trigger, entryAction, a => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments and the transition when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Action<TArg0, TArg1, Transition> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgsAndTransition(trigger.Trigger, entryAction, (a, t) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Action<TArg0, TArg1, TArg2> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgs(trigger.Trigger, entryAction, a => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments and the transition when this state is entered by <paramref name="trigger"/>.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFrom<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Action<TArg0, TArg1, TArg2, Transition> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromWithArgsAndTransition(trigger.Trigger, entryAction, (a, t) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync(TTrigger trigger, Func<Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger, entryAction, (_, _) => entryAction(), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync(TTrigger trigger, Func<Transition, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger, entryAction, (t, _) => entryAction(t!), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> when this state is entered by a trigger with parameters; only <c>FireAsync</c> can run it.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync(TriggerWithParameters trigger, Func<Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return OnEntryFromAsync(trigger.Trigger, entryAction, entryActionDescription);
        }

        /// <summary>Runs <paramref name="entryAction"/> with the transition when this state is entered by a trigger with parameters; only <c>FireAsync</c> can run it.</summary>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync(TriggerWithParameters trigger, Func<Transition, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            return OnEntryFromAsync(trigger.Trigger, entryAction, entryActionDescription);
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's argument when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (_, a) => entryAction(Arguments.Unpack<TArg0>(a, 0)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's argument and the transition when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0>(TriggerWithParameters<TArg0> trigger, Func<TArg0, Transition, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (t, a) => entryAction(Arguments.Unpack<TArg0>(a, 0), t!), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (_, a) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments and the transition when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0, TArg1>(TriggerWithParameters<TArg0, TArg1> trigger, Func<TArg0, TArg1, Transition, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (t, a) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), t!), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (_, a) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2)), entryActionDescription));
        }

        /// <summary>Runs <paramref name="entryAction"/> with the trigger's arguments and the transition when this state is entered by <paramref name="trigger"/>; only <c>FireAsync</c> can run it.</summary>
        /// <typeparam name="TArg0">The type of the first argument.</typeparam>
        /// <typeparam name="TArg1">The type of the second argument.</typeparam>
        /// <typeparam name="TArg2">The type of the third argument.</typeparam>
        /// <param name="trigger">The trigger.</param>
        /// <param name="entryAction">The action.</param>
        /// <param name="entryActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnEntryFromAsync<TArg0, TArg1, TArg2>(TriggerWithParameters<TArg0, TArg1, TArg2> trigger, Func<TArg0, TArg1, TArg2, Transition, Task> entryAction, string? entryActionDescription = null)
        {
            ArgumentNullException.ThrowIfNull(trigger);
            ArgumentNullException.ThrowIfNull(entryAction);
            return AddAction(_representation.EntryActions, StateAction<TState, TTrigger>.FromAsync(trigger.Trigger, entryAction, (t, a) => entryAction(Arguments.Unpack<TArg0>(a, 0), Arguments.Unpack<TArg1>(a, 1), Arguments.Unpack<TArg2>(a, 2), t!), entryActionDescription));
        }

        /// <summary>Runs <paramref name="activateAction"/> when the machine is activated in this state or one of its substates.</summary>
        /// <param name="activateAction">The action.</param>
        /// <param name="activateActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnActivate(Action activateAction, string? activateActionDescription = null)
        {
            return AddAction(_representation.ActivateActions, StateAction<TState, TTrigger>.Plain(activateAction, activateActionDescription));
        }

        /// <summary>Runs <paramref name="asyncActivateAction"/> when the machine is activated in this state or one of its substates; only <c>ActivateAsync</c> can run it.</summary>
        /// <param name="asyncActivateAction">The action.</param>
        /// <param name="activateActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnActivateAsync(Func<Task> asyncActivateAction, string? activateActionDescription = null)
        {
            return AddAction(_representation.ActivateActions, StateAction<TState, TTrigger>.Async(asyncActivateAction, activateActionDescription));
        }

        /// <summary>Runs <paramref name="deactivateAction"/> when the machine is deactivated in this state or one of its substates.</summary>
        /// <param name="deactivateAction">The action.</param>
        /// <param name="deactivateActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnDeactivate(Action deactivateAction, string? deactivateActionDescription = null)
        {
            return AddAction(_representation.DeactivateActions, StateAction<TState, TTrigger>.Plain(deactivateAction, deactivateActionDescription));
        }

        /// <summary>Runs <paramref name="asyncDeactivateAction"/> when the machine is deactivated in this state or one of its substates; only <c>DeactivateAsync</c> can run it.</summary>
        /// <param name="asyncDeactivateAction">The action.</param>
        /// <param name="deactivateActionDescription">A description of the action, for diagrams.</param>
        /// <returns>This configuration.</returns>
        public StateConfiguration OnDeactivateAsync(Func<Task> asyncDeactivateAction, string? deactivateActionDescription = null)
        {
            return AddAction(_representation.DeactivateActions, StateAction<TState, TTrigger>.Async(asyncDeactivateAction, deactivateActionDescription));
        }

        /// <summary>Makes this state a substate of <paramref name="superstate"/>: triggers this state does not handle go to the superstate, and moving between its substates does not exit it.</summary>
        /// <param name="superstate">The superstate.</param>
        /// <returns>This configuration.</returns>
        /// <exception cref="ArgumentException">The superstate is this state or one of its substates, or this state already has a different superstate.</exception>
        public StateConfiguration SubstateOf(TState superstate)
        {
            _machine._definition.ThrowIfFrozen();
            var parent = _machine._definition.GetOrAddRepresentation(superstate);
            if (parent.IsIncludedIn(State))
            {
                throw new ArgumentException($"State '{State}' cannot be a substate of '{superstate}': '{superstate}' is '{State}' or one of its substates, which would make a cycle.", nameof(superstate));
            }
            
            if (_representation.Superstate is { } existing)
            {
                if (ReferenceEquals(existing, parent))
                {
                    return this;
                }
            
                throw new ArgumentException($"State '{State}' is already a substate of '{existing.State}'; a state has one superstate.", nameof(superstate));
            }
            
            _representation.Superstate = parent;
            parent.Substates.Add(_representation);
            return this;
        }

        /// <summary>Enters <paramref name="targetState"/>, a direct substate, whenever this state is entered.</summary>
        /// <param name="targetState">The initial substate.</param>
        /// <returns>This configuration.</returns>
        /// <exception cref="InvalidOperationException">An initial transition is already configured for this state.</exception>
        public StateConfiguration InitialTransition(TState targetState)
        {
            _machine._definition.ThrowIfFrozen();
            if (_representation.HasInitialTransition)
            {
                throw new InvalidOperationException($"State '{State}' already has an initial transition, to '{_representation.InitialTransitionTarget}'.");
            }
            
            if (_representation.Is(targetState))
            {
                throw new ArgumentException($"State '{State}' cannot have an initial transition to itself; the target must be a direct substate.", nameof(targetState));
            }
            
            _representation.HasInitialTransition = true;
            _representation.InitialTransitionTarget = targetState;
            return this;
        }

        private StateConfiguration AddAction(System.Collections.Generic.List<StateAction<TState, TTrigger>> list, StateAction<TState, TTrigger> action)
        {
            _machine._definition.ThrowIfFrozen();
            _representation.AddAction(list, action);
            if (action.IsAsync)
            {
                _machine._definition.NoteAsync();
            }

            return this;
        }
    }
}
