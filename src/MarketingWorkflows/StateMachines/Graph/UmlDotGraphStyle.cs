using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// Formats a <see cref="StateGraph"/> as a Graphviz DOT digraph in basic UML style, as
/// Stateless does: record-shaped states listing their entry and exit actions, superstates as
/// clusters, decision nodes as diamonds.
/// </summary>
public class UmlDotGraphStyle : GraphStyleBase
{
    /// <inheritdoc/>
    public override string GetPrefix()
        => new StringBuilder()
            .AppendLine("digraph {")
            .AppendLine("compound=true;")
            .AppendLine("node [shape=Mrecord]")
            .AppendLine("rankdir=\"LR\"")
            .ToString();

    /// <inheritdoc/>
    public override string FormatOneCluster(SuperState stateInfo)
    {
        ArgumentNullException.ThrowIfNull(stateInfo);
        var label = new StringBuilder(Escape(stateInfo.StateName));
        if (stateInfo.EntryActions.Count > 0 || stateInfo.ExitActions.Count > 0)
        {
            label.Append("\\n----------");
            label.Append(string.Concat(stateInfo.EntryActions.Select(a => "\\nentry / " + Escape(a))));
            label.Append(string.Concat(stateInfo.ExitActions.Select(a => "\\nexit / " + Escape(a))));
        }

        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"subgraph \"cluster{Escape(stateInfo.NodeName)}\"")
            .AppendLine("\t{")
            .AppendLine($"\tlabel = \"{label}\"");
        foreach (var subState in stateInfo.SubStates)
        {
            text.Append(FormatOneState(subState));
        }

        return text.AppendLine("}").ToString();
    }

    /// <inheritdoc/>
    public override string FormatOneState(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var name = Escape(state.StateName);
        if (state.EntryActions.Count == 0 && state.ExitActions.Count == 0)
        {
            return $"\"{name}\" [label=\"{name}\"];{Environment.NewLine}";
        }

        var actions = state.EntryActions.Select(a => "entry / " + Escape(a)).Concat(state.ExitActions.Select(a => "exit / " + Escape(a)));
        return $"\"{name}\" [label=\"{name}|{string.Join("\\n", actions)}\"];{Environment.NewLine}";
    }

    /// <inheritdoc/>
    public override string FormatOneTransition(string sourceNodeName, string trigger, IEnumerable<string>? actions, string destinationNodeName, IEnumerable<string> guards)
        => $"\"{Escape(sourceNodeName)}\" -> \"{Escape(destinationNodeName)}\" [style=\"solid\", label=\"{Escape(TransitionLabel(trigger, actions, guards))}\"];";

    /// <inheritdoc/>
    public override string FormatOneDecisionNode(string nodeName, string label)
        => $"\"{Escape(nodeName)}\" [shape = \"diamond\", label = \"{Escape(label)}\"];{Environment.NewLine}";

    /// <inheritdoc/>
    public override string GetInitialTransition(StateInfo initialState)
    {
        ArgumentNullException.ThrowIfNull(initialState);
        return Environment.NewLine + " init [label=\"\", shape=point];"
            + Environment.NewLine + $" init -> \"{Escape(initialState.UnderlyingState.ToString())}\"[style = \"solid\"]"
            + Environment.NewLine + "}";
    }

    /// <summary>The trigger, then <c>/</c> and the entry actions it runs, then each guard in brackets.</summary>
    internal static string TransitionLabel(string? trigger, IEnumerable<string>? actions, IEnumerable<string> guards)
    {
        var label = trigger ?? string.Empty;
        var actionList = actions?.ToList();
        if (actionList is { Count: > 0 })
        {
            label += " / " + string.Join(", ", actionList);
        }

        foreach (var guard in guards)
        {
            if (label.Length > 0)
            {
                label += " ";
            }

            label += "[" + guard + "]";
        }

        return label;
    }

    private static string Escape(string? label)
        => (label ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
