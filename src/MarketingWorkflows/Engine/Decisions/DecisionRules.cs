using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Engine.Decisions;

/// <summary>
/// What every decision of one engine (or one dry run) shares: the registered definitions, to
/// read the states of linked instances, and the limits and roles of the options.
/// </summary>
/// <param name="Definitions">The registered definitions.</param>
/// <param name="Options">The engine's options.</param>
internal sealed record DecisionRules(IProcessDefinitionRegistry Definitions, MarketingWorkflowsOptions Options);
