using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// Draws a state machine as a Mermaid <c>stateDiagram-v2</c>. <see cref="Format(StateMachineInfo, MermaidGraphDirection?)"/>
/// writes Stateless's text (<see cref="MermaidGraphStyle"/>); <see cref="FormatDetailed"/>
/// writes the kernel's layout: superstates as composite states holding their substates and
/// initial transition, guard descriptions on the edges, entry and exit actions and internal
/// transitions as notes, and dynamic transitions through a choice node.
/// </summary>
public static class MermaidGraph
{
    /// <summary>
    /// Formats <paramref name="machineInfo"/> as Mermaid, in Stateless's text: a
    /// <see cref="StateGraph"/> written with <see cref="MermaidGraphStyle"/>.
    /// </summary>
    /// <param name="machineInfo">The machine's description, from <c>GetInfo()</c>.</param>
    /// <param name="direction">The direction of the diagram; <see langword="null"/> leaves Mermaid's default.</param>
    /// <returns>The Mermaid text, ready for a <c>```mermaid</c> block.</returns>
    public static string Format(StateMachineInfo machineInfo, MermaidGraphDirection? direction = null)
    {
        ArgumentNullException.ThrowIfNull(machineInfo);
        var graph = new StateGraph(machineInfo);
        return graph.ToGraph(new MermaidGraphStyle(graph, direction));
    }

    /// <summary>
    /// Formats <paramref name="machineInfo"/> as Mermaid in the kernel's layout: composite
    /// states with their initial transition, actions and internal transitions as notes, and
    /// states whose names Mermaid cannot take as ids declared with a quoted label.
    /// </summary>
    /// <param name="machineInfo">The machine's description, from <c>GetInfo()</c>.</param>
    /// <param name="direction">The direction of the diagram; <see langword="null"/> leaves Mermaid's default.</param>
    /// <returns>The Mermaid text, ready for a <c>```mermaid</c> block.</returns>
    public static string FormatDetailed(StateMachineInfo machineInfo, MermaidGraphDirection? direction = null)
        => Format(machineInfo, direction, labels: null);

    /// <summary>Formats <paramref name="machineInfo"/> as Mermaid, with <paramref name="labels"/> naming triggers and adding notes.</summary>
    internal static string Format(StateMachineInfo machineInfo, MermaidGraphDirection? direction, GraphLabels? labels)
    {
        ArgumentNullException.ThrowIfNull(machineInfo);
        var model = GraphModel.Read(machineInfo, labels);
        var ids = new Dictionary<StateInfo, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in model.States)
        {
            var id = Identifier(state.ToString());
            var unique = id;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = id + "_" + n;
            }

            ids[state] = unique;
        }

        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        if (direction is { } d)
        {
            text.Append("    direction ").Append(d switch
            {
                MermaidGraphDirection.BottomToTop => "BT",
                MermaidGraphDirection.LeftToRight => "LR",
                MermaidGraphDirection.RightToLeft => "RL",
                _ => "TB",
            }).Append('\n');
        }

        foreach (var state in model.States.Where(s => ids[s] != s.ToString()))
        {
            text.Append("    state \"").Append(Clean(state.ToString())).Append("\" as ").Append(ids[state]).Append('\n');
        }

        foreach (var state in model.TopLevel)
        {
            WriteState(text, model, state, ids, "    ");
        }

        foreach (var decision in model.Decisions)
        {
            text.Append("    state ").Append(decision.Name).Append(" <<choice>>\n");
        }

        foreach (var edge in model.Edges)
        {
            text.Append("    ").Append(ids[edge.From]).Append(" --> ").Append(ids[edge.To]).Append(" : ").Append(Clean(edge.Label)).Append('\n');
        }

        foreach (var decision in model.Decisions)
        {
            text.Append("    ").Append(ids[decision.From]).Append(" --> ").Append(decision.Name).Append(" : ").Append(Clean(model.Label(decision.From, decision.Transition))).Append('\n');
            foreach (var possible in decision.Transition.PossibleDestinationStates)
            {
                var target = model.States.FirstOrDefault(s => s.ToString() == possible.DestinationState);
                text.Append("    ").Append(decision.Name).Append(" --> ").Append(target is null ? Identifier(possible.DestinationState) : ids[target])
                    .Append(" : ").Append(Clean(possible.Criterion)).Append('\n');
            }
        }

        text.Append("    [*] --> ").Append(ids[machineInfo.InitialState]).Append('\n');
        return text.ToString();
    }

    private static void WriteState(StringBuilder text, GraphModel model, StateInfo state, Dictionary<StateInfo, string> ids, string indent)
    {
        if (state.Substates.Any())
        {
            text.Append(indent).Append("state ").Append(ids[state]).Append(" {\n");
            if (state.InitialTransitionTarget is { } initial)
            {
                var target = state.Substates.FirstOrDefault(s => Equals(s.UnderlyingState, initial));
                if (target is not null)
                {
                    text.Append(indent).Append("    [*] --> ").Append(ids[target]).Append('\n');
                }
            }

            foreach (var substate in state.Substates)
            {
                WriteState(text, model, substate, ids, indent + "    ");
            }

            text.Append(indent).Append("}\n");
        }
        else
        {
            text.Append(indent).Append(ids[state]).Append('\n');
        }

        var lines = model.BehaviourLines(state).Select(Clean).ToList();
        if (lines.Count > 0)
        {
            text.Append(indent).Append("note right of ").Append(ids[state]).Append('\n');
            foreach (var line in lines)
            {
                text.Append(indent).Append("    ").Append(line).Append('\n');
            }

            text.Append(indent).Append("end note\n");
        }
    }

    /// <summary>Makes a Mermaid identifier: letters, digits and underscores.</summary>
    private static string Identifier(string text)
    {
        var id = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (id.Length == 0 || char.IsAsciiDigit(id[0]))
        {
            id.Insert(0, 's');
        }

        return id.ToString();
    }

    /// <summary>Keeps a label on one line and free of the characters Mermaid reads as syntax.</summary>
    private static string Clean(string text)
        => text.Replace("\n", " ", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal).Replace(";", ",", StringComparison.Ordinal).Replace(":", " -", StringComparison.Ordinal);
}
