using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// The facts both diagram formats draw, read once from a <see cref="StateMachineInfo"/>:
/// the states in a stable order, their edges, and their decision points.
/// </summary>
internal sealed class GraphModel
{
    private GraphModel(StateMachineInfo info)
    {
        Info = info;
        States = info.States.ToList();
        TopLevel = States.Where(s => s.Superstate is null).ToList();
        var decisionNumber = 0;
        foreach (var state in States)
        {
            foreach (var transition in state.FixedTransitions.Where(t => !t.IsInternalTransition))
            {
                Edges.Add(new Edge(state, transition.DestinationState, Label(transition)));
            }

            foreach (var dynamic in state.DynamicTransitions)
            {
                var decision = new Decision("Decision" + ++decisionNumber, state, dynamic);
                Decisions.Add(decision);
            }
        }
    }

    public StateMachineInfo Info { get; }

    public List<StateInfo> States { get; }

    public List<StateInfo> TopLevel { get; }

    public List<Edge> Edges { get; } = [];

    public List<Decision> Decisions { get; } = [];

    public static GraphModel Read(StateMachineInfo info) => new(info);

    /// <summary>The trigger, then the guard descriptions in brackets.</summary>
    public static string Label(TransitionInfo transition)
    {
        var guards = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).ToList();
        return guards.Count == 0
            ? transition.Trigger.ToString()
            : transition.Trigger + " [" + string.Join(" && ", guards) + "]";
    }

    /// <summary>The lines describing a state's behaviour: entry, exit and internal transitions.</summary>
    public static IEnumerable<string> BehaviourLines(StateInfo state)
    {
        foreach (var entry in state.EntryActions)
        {
            yield return entry.FromTrigger is null
                ? "entry / " + entry.Method.Description
                : "entry from " + entry.FromTrigger + " / " + entry.Method.Description;
        }

        foreach (var exit in state.ExitActions)
        {
            yield return "exit / " + exit.Description;
        }

        foreach (var internalTransition in state.FixedTransitions.Where(t => t.IsInternalTransition))
        {
            yield return Label(internalTransition) + " / internal";
        }
    }

    internal sealed record Edge(StateInfo From, StateInfo To, string Label);

    internal sealed record Decision(string Name, StateInfo From, DynamicTransitionInfo Transition);
}
