namespace MarketingWorkflows.Definitions;

/// <summary>How an approver is named.</summary>
public enum ApproverKind
{
    /// <summary>A named user.</summary>
    User,

    /// <summary>Everyone holding a role.</summary>
    Role,

    /// <summary>A user found in the instance's data through a path such as <c>owner</c> or <c>owner.manager</c>.</summary>
    Relative,
}
