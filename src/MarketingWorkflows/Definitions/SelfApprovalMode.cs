namespace MarketingWorkflows.Definitions;

/// <summary>Whether the submitter of an instance may decide on it.</summary>
public enum SelfApprovalMode
{
    /// <summary>Never (the default).</summary>
    Forbid,

    /// <summary>Allowed, and the decision is marked as a self-approval in the history.</summary>
    AllowWithAuditMark,

    /// <summary>Allowed only for actors holding one of <see cref="ApprovalStageDefinition.SelfApprovalRoles"/>.</summary>
    AllowForRoles,
}
