using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>Builds the reflection model from a definition.</summary>
internal static class InfoBuilder<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    public static StateMachineInfo Build(StateMachineDefinition<TState, TTrigger> definition, TState initialState)
    {
        var infos = new Dictionary<TState, StateInfo>();
        var order = new List<StateInfo>();
        StateInfo InfoFor(TState state)
        {
            if (!infos.TryGetValue(state, out var info))
            {
                info = new StateInfo(state);
                infos.Add(state, info);
                order.Add(info);
            }

            return info;
        }

        // Stateless's order, which its diagrams draw in: the configured states, then the states
        // only named as destinations, as the configured states' transitions name them.
        foreach (var representation in definition.ConfigurationOrder)
        {
            InfoFor(representation.State);
        }

        foreach (var behaviour in definition.ConfigurationOrder.SelectMany(r => r.Behaviours.Values.SelectMany(b => b)))
        {
            if (behaviour.Kind is BehaviourKind.Transitioning or BehaviourKind.Reentry)
            {
                InfoFor(behaviour.Destination);
            }
        }

        foreach (var representation in definition.States.Values)
        {
            InfoFor(representation.State);
        }

        foreach (var representation in definition.States.Values)
        {
            var info = InfoFor(representation.State);
            info.Superstate = representation.Superstate is null ? null : InfoFor(representation.Superstate.State);
            info.Substates = representation.Substates.Select(s => InfoFor(s.State)).ToList();
            info.EntryActions = representation.EntryActions.Select(a => new ActionInfo(a.Method, a.FromTrigger)).ToList();
            info.ExitActions = representation.ExitActions.Select(a => a.Method).ToList();
            info.ActivateActions = representation.ActivateActions.Select(a => a.Method).ToList();
            info.DeactivateActions = representation.DeactivateActions.Select(a => a.Method).ToList();
            info.InitialTransitionTarget = representation.HasInitialTransition ? representation.InitialTransitionTarget : null;

            var fixedTransitions = new List<FixedTransitionInfo>();
            var dynamicTransitions = new List<DynamicTransitionInfo>();
            var ignored = new List<IgnoredTransitionInfo>();
            // Per trigger, as Stateless lists them: transitions, then reentries, then internal
            // transitions, each in the order configured (OrderBy is stable).
            foreach (var behaviour in representation.Behaviours.Values.SelectMany(b => b.OrderBy(ListingOrder)))
            {
                var trigger = new TriggerInfo(behaviour.Trigger);
                var guards = behaviour.Guard.Conditions.Select(c => c.Method).ToList();
                switch (behaviour.Kind)
                {
                    case BehaviourKind.Ignored:
                        ignored.Add(new IgnoredTransitionInfo(trigger, guards));
                        break;
                    case BehaviourKind.Internal:
                        fixedTransitions.Add(new FixedTransitionInfo(trigger, guards, info, isInternal: true));
                        break;
                    case BehaviourKind.Dynamic:
                        dynamicTransitions.Add(new DynamicTransitionInfo(trigger, guards, behaviour.SelectorMethod!, behaviour.PossibleDestinations));
                        break;
                    default:
                        fixedTransitions.Add(new FixedTransitionInfo(trigger, guards, InfoFor(behaviour.Destination), isInternal: false));
                        break;
                }
            }

            info.FixedTransitions = fixedTransitions;
            info.DynamicTransitions = dynamicTransitions;
            info.IgnoredTriggers = ignored;
        }

        // As in Stateless, the initial state is listed among the states only when it is configured.
        var initial = infos.TryGetValue(initialState, out var configured) ? configured : new StateInfo(initialState);
        return new StateMachineInfo(order, typeof(TState), typeof(TTrigger), initial)
        {
            DefinitionOrder = definition.States.Keys.Select(state => infos[state]).ToList(),
        };
    }

    private static int ListingOrder(TriggerBehaviour<TState, TTrigger> behaviour) => behaviour.Kind switch
    {
        BehaviourKind.Reentry => 1,
        BehaviourKind.Internal => 2,
        _ => 0,
    };
}
