using System;
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
    private readonly GraphLabels? _labels;

    private GraphModel(StateMachineInfo info, GraphLabels? labels)
    {
        _labels = labels;
        Info = info;
        States = (info.DefinitionOrder ?? info.States).ToList();
        TopLevel = States.Where(s => s.Superstate is null).ToList();
        var decisionNumber = 0;
        foreach (var state in States)
        {
            foreach (var transition in state.FixedTransitions.Where(t => !t.IsInternalTransition))
            {
                Edges.Add(new Edge(state, transition.DestinationState, Label(state, transition)));
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

    public static GraphModel Read(StateMachineInfo info, GraphLabels? labels = null) => new(info, labels);

    /// <summary>The trigger (or the label given for it), then the guard descriptions in brackets.</summary>
    public string Label(StateInfo from, TransitionInfo transition)
    {
        var trigger = _labels?.Trigger?.Invoke(from.ToString(), transition.Trigger.ToString()) ?? transition.Trigger.ToString();
        var guards = transition.GuardConditionsMethodDescriptions.Where(g => !g.IsImplicit).Select(g => g.Description).ToList();
        return guards.Count == 0
            ? trigger
            : trigger + " [" + string.Join(" && ", guards) + "]";
    }

    /// <summary>The lines describing a state's behaviour: what the labels add, then entry, exit and internal transitions.</summary>
    public IEnumerable<string> BehaviourLines(StateInfo state)
    {
        foreach (var line in _labels?.Notes?.Invoke(state.ToString()) ?? [])
        {
            yield return line;
        }

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
            yield return Label(state, internalTransition) + " / internal";
        }
    }

    internal sealed record Edge(StateInfo From, StateInfo To, string Label);

    internal sealed record Decision(string Name, StateInfo From, DynamicTransitionInfo Transition);
}

/// <summary>What a caller adds to a machine's diagram: names for its triggers and notes for its states.</summary>
internal sealed class GraphLabels
{
    /// <summary>Gets a function from a state and a trigger to the label drawn for the trigger's edges out of that state, or <see langword="null"/> to draw the trigger.</summary>
    public Func<string, string, string?>? Trigger { get; init; }

    /// <summary>Gets a function from a state to the lines of its note, drawn before its actions.</summary>
    public Func<string, IEnumerable<string>>? Notes { get; init; }
}
