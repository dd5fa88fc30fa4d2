namespace MarketingWorkflows.Definitions;

/// <summary>One entry of a stage's approver list. Immutable.</summary>
/// <param name="Kind">How the approver is named.</param>
/// <param name="Value">The user id, the role, or the data path.</param>
public sealed record ApproverDefinition(ApproverKind Kind, string Value);
