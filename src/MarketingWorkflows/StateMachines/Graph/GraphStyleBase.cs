using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// Formats the parts of a <see cref="StateGraph"/> as text in one diagram language. Derive from
/// it to draw a machine another way, and pass the style to <see cref="StateGraph.ToGraph"/>.
/// </summary>
public abstract class GraphStyleBase
{
    /// <summary>Gets the text that starts the diagram (for DOT, <c>digraph {</c>).</summary>
    /// <returns>The prefix text.</returns>
    public abstract string GetPrefix();

    /// <summary>Gets the text for the transition into the initial state, and whatever ends the diagram.</summary>
    /// <param name="initialState">The state the machine starts in.</param>
    /// <returns>The initial transition's text.</returns>
    public abstract string GetInitialTransition(StateInfo initialState);

    /// <summary>Gets the text for one state that is not a superstate, usually with its entry and exit actions.</summary>
    /// <param name="state">The state to draw.</param>
    /// <returns>The state's text.</returns>
    public abstract string FormatOneState(State state);

    /// <summary>Gets the text for a superstate and its substates.</summary>
    /// <param name="stateInfo">The superstate to draw.</param>
    /// <returns>The superstate's text, substates included.</returns>
    public abstract string FormatOneCluster(SuperState stateInfo);

    /// <summary>
    /// Gets the text for a decision node: a dynamic transition leads from its source to the
    /// node, and from the node to each possible destination the machine declared.
    /// </summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="label">The node's label, the destination selector's description.</param>
    /// <returns>The decision node's text.</returns>
    public abstract string FormatOneDecisionNode(string nodeName, string label);

    /// <summary>
    /// Gets the text for every transition, one entry per line. By default each transition is
    /// passed to <see cref="FormatOneTransition"/> with its source and destination node names,
    /// its trigger, the entry actions it runs and its guard descriptions (a dynamic transition's
    /// criterion stands for its guards).
    /// </summary>
    /// <param name="transitions">The graph's transitions.</param>
    /// <returns>The lines of text.</returns>
    /// <exception cref="ArgumentException">A transition is none of <see cref="StayTransition"/>, <see cref="FixedTransition"/> or <see cref="DynamicTransition"/>.</exception>
    public virtual List<string> FormatAllTransitions(List<Transition> transitions)
    {
        var lines = new List<string>();
        if (transitions is null)
        {
            return lines;
        }

        foreach (var transition in transitions)
        {
            var trigger = transition.Trigger.UnderlyingTrigger.ToString()!;
            string? line = transition switch
            {
                StayTransition stay => FormatOneTransition(
                    stay.SourceState.NodeName,
                    trigger,
                    stay.ExecuteEntryExitActions ? stay.DestinationEntryActions.Select(a => a.Method.Description) : null,
                    stay.SourceState.NodeName,
                    stay.Guards.Select(g => g.Description)),
                FixedTransition fix => FormatOneTransition(
                    fix.SourceState.NodeName,
                    trigger,
                    fix.DestinationEntryActions.Select(a => a.Method.Description),
                    fix.DestinationState.NodeName,
                    fix.Guards.Select(g => g.Description)),
                DynamicTransition dynamic => FormatOneTransition(
                    dynamic.SourceState.NodeName,
                    trigger,
                    dynamic.DestinationEntryActions.Select(a => a.Method.Description),
                    dynamic.DestinationState.NodeName,
                    [dynamic.Criterion]),
                _ => throw new ArgumentException(
                    $"Transition type {transition.GetType().Name} is not one the graph makes; override {nameof(FormatAllTransitions)} to format it.",
                    nameof(transitions)),
            };
            if (line is not null)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>
    /// Gets the text for one transition; a style that keeps the default
    /// <see cref="FormatAllTransitions"/> must override it.
    /// </summary>
    /// <param name="sourceNodeName">The source node's name.</param>
    /// <param name="trigger">The trigger's text.</param>
    /// <param name="actions">The descriptions of the entry actions the transition runs, or <see langword="null"/> when it runs none.</param>
    /// <param name="destinationNodeName">The destination node's name.</param>
    /// <param name="guards">The guard descriptions (for a dynamic transition, its criterion).</param>
    /// <returns>The transition's text.</returns>
    /// <exception cref="InvalidOperationException">The style does not override this method.</exception>
    public virtual string FormatOneTransition(string sourceNodeName, string trigger, IEnumerable<string>? actions, string destinationNodeName, IEnumerable<string> guards)
        => throw new InvalidOperationException(
            $"{GetType().Name} uses the default {nameof(FormatAllTransitions)}, which formats each transition with {nameof(FormatOneTransition)}: override {nameof(FormatOneTransition)} (or {nameof(FormatAllTransitions)}).");
}
