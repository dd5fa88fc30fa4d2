using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// Formats a <see cref="StateGraph"/> as a Mermaid <c>stateDiagram-v2</c>, as Stateless does:
/// a state whose name has spaces, colons or hyphens gets an alias declared up front,
/// superstates list their substates, dynamic transitions go through a choice node.
/// </summary>
public class MermaidGraphStyle : GraphStyleBase
{
    private readonly StateGraph _graph;
    private readonly MermaidGraphDirection? _direction;
    private readonly Dictionary<string, State> _stateMap = [];
    private bool _stateMapBuilt;

    /// <summary>Creates the style for <paramref name="graph"/>, whose state names it makes safe for Mermaid.</summary>
    /// <param name="graph">The graph the style formats.</param>
    /// <param name="direction">The direction of the diagram; <see langword="null"/> leaves Mermaid's default.</param>
    public MermaidGraphStyle(StateGraph graph, MermaidGraphDirection? direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _direction = direction;
    }

    /// <inheritdoc/>
    public override string FormatOneCluster(SuperState stateInfo)
    {
        ArgumentNullException.ThrowIfNull(stateInfo);
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"\tstate {Alias(stateInfo.StateName)} {{");
        foreach (var subState in stateInfo.SubStates)
        {
            text.AppendLine($"\t\t{Alias(subState.StateName)}");
        }

        return text.Append("\t}").ToString();
    }

    /// <inheritdoc/>
    public override string FormatOneDecisionNode(string nodeName, string label)
        => $"{Environment.NewLine}\tstate {nodeName} <<choice>>";

    /// <summary>Gets nothing: Mermaid declares a simple state by its first transition.</summary>
    /// <param name="state">The state.</param>
    /// <returns>An empty string.</returns>
    public override string FormatOneState(State state) => string.Empty;

    /// <inheritdoc/>
    public override string GetPrefix()
    {
        BuildStateMap();
        var prefix = new StringBuilder("stateDiagram-v2");
        if (_direction is { } direction)
        {
            prefix.Append(Environment.NewLine).Append("\tdirection ").Append(DirectionCode(direction));
        }

        foreach (var (alias, state) in _stateMap.Where(x => !x.Key.Equals(x.Value.StateName, StringComparison.Ordinal)))
        {
            prefix.Append(Environment.NewLine).Append('\t').Append(alias).Append(" : ").Append(state.StateName);
        }

        return prefix.ToString();
    }

    /// <inheritdoc/>
    public override string GetInitialTransition(StateInfo initialState)
    {
        ArgumentNullException.ThrowIfNull(initialState);
        return $"{Environment.NewLine}[*] --> {Alias(initialState.ToString())}";
    }

    /// <inheritdoc/>
    public override string FormatOneTransition(string sourceNodeName, string trigger, IEnumerable<string>? actions, string destinationNodeName, IEnumerable<string> guards)
        => $"\t{Alias(sourceNodeName)} --> {Alias(destinationNodeName)} : {UmlDotGraphStyle.TransitionLabel(trigger, actions, guards)}";

    private static string DirectionCode(MermaidGraphDirection direction) => direction switch
    {
        MermaidGraphDirection.TopToBottom => "TB",
        MermaidGraphDirection.BottomToTop => "BT",
        MermaidGraphDirection.LeftToRight => "LR",
        MermaidGraphDirection.RightToLeft => "RL",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, $"Unsupported {nameof(MermaidGraphDirection)}: {direction}; use TopToBottom, BottomToTop, LeftToRight or RightToLeft."),
    };

    /// <summary>Gives each state a name without whitespace, colons or hyphens, unique among the graph's states.</summary>
    private void BuildStateMap()
    {
        if (_stateMapBuilt)
        {
            return;
        }

        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in _graph.States.Values)
        {
            var name = state.StateName ?? state.NodeName;
            var alias = string.Concat(name.Where(c => !(char.IsWhiteSpace(c) || c == ':' || c == '-')));
            if (!alias.Equals(name, StringComparison.Ordinal))
            {
                var candidate = alias;
                for (var count = 1; aliases.Contains(candidate) || _graph.States.ContainsKey(candidate); count++)
                {
                    candidate = $"{alias}_{count}";
                }

                alias = candidate;
                aliases.Add(alias);
            }

            _stateMap[alias] = state;
        }

        _stateMapBuilt = true;
    }

    private string Alias(string? stateName)
        => _stateMap.FirstOrDefault(x => x.Value.StateName == stateName).Key ?? stateName ?? string.Empty;
}
