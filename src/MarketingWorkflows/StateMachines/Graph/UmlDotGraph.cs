using System;
using System.Linq;
using System.Text;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// Draws a state machine as a Graphviz DOT digraph. <see cref="Format(StateMachineInfo)"/>
/// writes Stateless's text (<see cref="UmlDotGraphStyle"/>); <see cref="FormatDetailed"/>
/// writes the kernel's layout: superstates as clusters that edges end on, entry and exit
/// actions and internal transitions in the state's label, guard descriptions on the edges,
/// and dynamic transitions through a diamond decision node with dashed edges.
/// </summary>
public static class UmlDotGraph
{
    /// <summary>
    /// Formats <paramref name="machineInfo"/> as DOT, in Stateless's text: a
    /// <see cref="StateGraph"/> written with <see cref="UmlDotGraphStyle"/>.
    /// </summary>
    /// <param name="machineInfo">The machine's description, from <c>GetInfo()</c>.</param>
    /// <returns>The DOT text; render it with <c>dot -Tsvg</c>.</returns>
    public static string Format(StateMachineInfo machineInfo)
    {
        ArgumentNullException.ThrowIfNull(machineInfo);
        return new StateGraph(machineInfo).ToGraph(new UmlDotGraphStyle());
    }

    /// <summary>
    /// Formats <paramref name="machineInfo"/> as DOT in the kernel's layout: superstates as
    /// clusters that edges end on, entry and exit actions and internal transitions in the
    /// state's label, and dashed edges out of decision nodes.
    /// </summary>
    /// <param name="machineInfo">The machine's description, from <c>GetInfo()</c>.</param>
    /// <returns>The DOT text; render it with <c>dot -Tsvg</c>.</returns>
    public static string FormatDetailed(StateMachineInfo machineInfo) => Format(machineInfo, labels: null);

    /// <summary>Formats <paramref name="machineInfo"/> as DOT, with <paramref name="labels"/> naming triggers and adding notes.</summary>
    internal static string Format(StateMachineInfo machineInfo, GraphLabels? labels)
    {
        ArgumentNullException.ThrowIfNull(machineInfo);
        var model = GraphModel.Read(machineInfo, labels);
        var dot = new StringBuilder();
        dot.Append("digraph {\n");
        dot.Append("  compound=true;\n");
        dot.Append("  rankdir=\"LR\";\n");
        dot.Append("  node [shape=box, style=rounded];\n");
        foreach (var state in model.TopLevel)
        {
            WriteState(dot, model, state, "  ");
        }

        foreach (var decision in model.Decisions)
        {
            dot.Append("  ").Append(Quote(decision.Name)).Append(" [shape=diamond, label=")
                .Append(Quote(decision.Transition.DestinationStateSelectorDescription.Description)).Append("];\n");
        }

        foreach (var edge in model.Edges)
        {
            dot.Append("  ").Append(Quote(NodeId(edge.From))).Append(" -> ").Append(Quote(NodeId(edge.To)))
                .Append(" [label=").Append(Quote(edge.Label));
            AppendClusterEnds(dot, edge.From, edge.To);
            dot.Append("];\n");
        }

        foreach (var decision in model.Decisions)
        {
            dot.Append("  ").Append(Quote(NodeId(decision.From))).Append(" -> ").Append(Quote(decision.Name))
                .Append(" [label=").Append(Quote(model.Label(decision.From, decision.Transition)));
            AppendClusterEnds(dot, decision.From, null);
            dot.Append("];\n");
            foreach (var possible in decision.Transition.PossibleDestinationStates)
            {
                var target = model.States.FirstOrDefault(s => s.ToString() == possible.DestinationState);
                dot.Append("  ").Append(Quote(decision.Name)).Append(" -> ")
                    .Append(Quote(target is null ? possible.DestinationState : NodeId(target)))
                    .Append(" [style=dashed, label=").Append(Quote(possible.Criterion));
                AppendClusterEnds(dot, null, target);
                dot.Append("];\n");
            }
        }

        dot.Append("  init [label=\"\", shape=point];\n");
        dot.Append("  init -> ").Append(Quote(NodeId(machineInfo.InitialState)));
        if (machineInfo.InitialState.Substates.Any())
        {
            dot.Append(" [lhead=").Append(Quote("cluster_" + machineInfo.InitialState)).Append(']');
        }

        dot.Append(";\n");
        dot.Append("}\n");
        return dot.ToString();
    }

    private static void WriteState(StringBuilder dot, GraphModel model, StateInfo state, string indent)
    {
        var label = string.Join("\n", new[] { state.ToString() }.Concat(model.BehaviourLines(state)));
        if (!state.Substates.Any())
        {
            dot.Append(indent).Append(Quote(state.ToString())).Append(" [label=").Append(Quote(label)).Append("];\n");
            return;
        }

        dot.Append(indent).Append("subgraph ").Append(Quote("cluster_" + state)).Append(" {\n");
        dot.Append(indent).Append("  label=").Append(Quote(label)).Append(";\n");

        // Edges cannot end on a cluster; they end on this invisible anchor and are clipped to the cluster.
        dot.Append(indent).Append("  ").Append(Quote(NodeId(state))).Append(" [shape=point, style=invis, width=0, height=0, label=\"\"];\n");
        foreach (var substate in state.Substates)
        {
            WriteState(dot, model, substate, indent + "  ");
        }

        dot.Append(indent).Append("}\n");
    }

    /// <summary>
    /// Clips an edge to the cluster of a superstate at either end, except where the other end
    /// lies inside that cluster (Graphviz cannot clip an edge to a cluster it starts or ends in).
    /// </summary>
    private static void AppendClusterEnds(StringBuilder dot, StateInfo? from, StateInfo? to)
    {
        if (from is not null && from.Substates.Any() && !IsWithin(to, from))
        {
            dot.Append(", ltail=").Append(Quote("cluster_" + from));
        }

        if (to is not null && to.Substates.Any() && !IsWithin(from, to))
        {
            dot.Append(", lhead=").Append(Quote("cluster_" + to));
        }
    }

    private static bool IsWithin(StateInfo? state, StateInfo ancestor)
    {
        for (var node = state; node is not null; node = node.Superstate)
        {
            if (ReferenceEquals(node, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    private static string NodeId(StateInfo state)
        => state.Substates.Any() ? state + "::anchor" : state.ToString();

    private static string Quote(string text)
        => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
