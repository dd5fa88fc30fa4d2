namespace MarketingWorkflows.Definitions;

/// <summary>How many decisions settle a stage.</summary>
public enum ApprovalRuleKind
{
    /// <summary>One decision is enough.</summary>
    Any,

    /// <summary>Every resolved approver must decide.</summary>
    All,

    /// <summary>A number of approvers (<see cref="ApprovalRule.Count"/>).</summary>
    Count,

    /// <summary>A percentage of the resolved approvers, rounded up (<see cref="ApprovalRule.Percent"/>).</summary>
    Percent,
}
