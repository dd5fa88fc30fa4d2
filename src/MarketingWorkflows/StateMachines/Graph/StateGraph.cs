using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// A machine's diagram as objects, read from its <see cref="StateMachineInfo"/>: the state
/// nodes (superstates holding their substates), a decision node per dynamic transition, and
/// the transitions between them. A <see cref="GraphStyleBase"/> turns it into text.
/// </summary>
public class StateGraph
{
    private readonly StateInfo _initialState;

    /// <summary>Reads the graph of <paramref name="machineInfo"/>.</summary>
    /// <param name="machineInfo">The machine's description, from <c>GetInfo()</c>.</param>
    public StateGraph(StateMachineInfo machineInfo)
    {
        ArgumentNullException.ThrowIfNull(machineInfo);
        _initialState = machineInfo.InitialState;

        // Top-level superstates first, each with its tree, then the states outside any tree.
        foreach (var stateInfo in machineInfo.States.Where(s => s.Substates.Any() && s.Superstate is null))
        {
            var superState = new SuperState(stateInfo);
            States[Key(stateInfo)] = superState;
            AddSubstates(superState, stateInfo.Substates);
        }

        foreach (var stateInfo in machineInfo.States)
        {
            States.TryAdd(Key(stateInfo), new State(stateInfo));
        }

        AddTransitions(machineInfo);
        AddEntryActionsFromTriggers(machineInfo);
    }

    /// <summary>Gets every node that stands for a state, by the state's text.</summary>
    public Dictionary<string, State> States { get; private set; } = [];

    /// <summary>Gets every transition of the graph.</summary>
    public List<Transition> Transitions { get; private set; } = [];

    /// <summary>Gets the decision nodes, one per dynamic transition.</summary>
    public List<Decision> Decisions { get; private set; } = [];

    /// <summary>
    /// Writes the graph as text in <paramref name="style"/>: the prefix, the superstate
    /// clusters, the top-level states, the decision nodes, the transitions (one per line) and
    /// the initial transition.
    /// </summary>
    /// <param name="style">The style that formats each part.</param>
    /// <returns>The diagram's text.</returns>
    public string ToGraph(GraphStyleBase style)
    {
        ArgumentNullException.ThrowIfNull(style);
        var text = new StringBuilder(style.GetPrefix());
        foreach (var state in States.Values.OfType<SuperState>())
        {
            text.Append(style.FormatOneCluster(state));
        }

        foreach (var state in States.Values.Where(s => s is not SuperState and not Decision && s.SuperState is null))
        {
            text.Append(style.FormatOneState(state));
        }

        foreach (var decision in Decisions)
        {
            text.Append(style.FormatOneDecisionNode(decision.NodeName, decision.Method.Description));
        }

        foreach (var line in style.FormatAllTransitions(Transitions))
        {
            text.Append(Environment.NewLine).Append(line);
        }

        text.Append(style.GetInitialTransition(_initialState));
        return text.ToString();
    }

    private static string Key(StateInfo state) => state.UnderlyingState.ToString()!;

    private void AddSubstates(SuperState superState, IEnumerable<StateInfo> substates)
    {
        foreach (var subInfo in substates)
        {
            if (States.ContainsKey(Key(subInfo)))
            {
                continue;
            }

            State sub = subInfo.Substates.Any() ? new SuperState(subInfo) : new State(subInfo);
            States[Key(subInfo)] = sub;
            superState.SubStates.Add(sub);
            sub.SuperState = superState;
            if (sub is SuperState nested)
            {
                AddSubstates(nested, subInfo.Substates);
            }
        }
    }

    private void AddTransitions(StateMachineInfo machineInfo)
    {
        foreach (var stateInfo in machineInfo.States)
        {
            var from = States[Key(stateInfo)];
            foreach (var fixedInfo in stateInfo.FixedTransitions)
            {
                var to = States[Key(fixedInfo.DestinationState)];
                if (from == to)
                {
                    var stay = new StayTransition(from, fixedInfo.Trigger, fixedInfo.GuardConditionsMethodDescriptions, !fixedInfo.IsInternalTransition);
                    Add(stay, from, from);

                    // A reentry runs the state's entry actions: the edge shows them.
                    if (stay.ExecuteEntryExitActions)
                    {
                        stay.DestinationEntryActions.AddRange(stateInfo.EntryActions.Where(a => a.FromTrigger is null));
                    }
                }
                else
                {
                    Add(new FixedTransition(from, to, fixedInfo.Trigger, fixedInfo.GuardConditionsMethodDescriptions), from, to);
                }
            }

            foreach (var dynamicInfo in stateInfo.DynamicTransitions)
            {
                var decision = new Decision(dynamicInfo.DestinationStateSelectorDescription, Decisions.Count + 1);
                Decisions.Add(decision);
                Add(new FixedTransition(from, decision, dynamicInfo.Trigger, dynamicInfo.GuardConditionsMethodDescriptions), from, decision);
                foreach (var possible in dynamicInfo.PossibleDestinationStates ?? [])
                {
                    // A possible destination the machine does not know gets no edge.
                    if (States.TryGetValue(possible.DestinationState, out var to))
                    {
                        Add(new DynamicTransition(decision, to, dynamicInfo.Trigger, possible.Criterion), decision, to);
                    }
                }
            }

            foreach (var ignored in stateInfo.IgnoredTriggers)
            {
                Add(new StayTransition(from, ignored.Trigger, ignored.GuardConditionsMethodDescriptions, executeEntryExitActions: false), from, from);
            }
        }
    }

    private void Add(Transition transition, State from, State to)
    {
        Transitions.Add(transition);
        from.Leaving.Add(transition);
        to.Arriving.Add(transition);
    }

    /// <summary>An entry action for one trigger is shown on the arriving edges of that trigger that run entry actions.</summary>
    private void AddEntryActionsFromTriggers(StateMachineInfo machineInfo)
    {
        foreach (var stateInfo in machineInfo.States)
        {
            var state = States[Key(stateInfo)];
            foreach (var entryAction in stateInfo.EntryActions.Where(a => a.FromTrigger is not null))
            {
                foreach (var arriving in state.Arriving)
                {
                    if (arriving.ExecuteEntryExitActions && arriving.Trigger.UnderlyingTrigger.ToString() == entryAction.FromTrigger)
                    {
                        arriving.DestinationEntryActions.Add(entryAction);
                    }
                }
            }
        }
    }
}
