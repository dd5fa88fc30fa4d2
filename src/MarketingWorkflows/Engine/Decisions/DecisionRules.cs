using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;

namespace MarketingWorkflows.Engine.Decisions;

/// <summary>
/// What every decision of one engine (or one dry run) shares: the registered definitions, to
/// read the states of linked instances, the limits and roles of the options, and the keys that
/// sign the history.
/// </summary>
/// <param name="Definitions">The registered definitions.</param>
/// <param name="Options">The engine's options.</param>
internal sealed record DecisionRules(IProcessDefinitionRegistry Definitions, MarketingWorkflowsOptions Options)
{
    /// <summary>Gets the keys from <see cref="MarketingWorkflowsOptions.HistoryKeys"/> that chain new history entries, if any.</summary>
    public HistoryKeyRing HistoryKeys { get; } = HistoryKeyRing.From(Options);
}
