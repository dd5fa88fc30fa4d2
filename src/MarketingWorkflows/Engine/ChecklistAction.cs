namespace MarketingWorkflows.Engine;

/// <summary>What to do with a checklist item.</summary>
public enum ChecklistAction
{
    /// <summary>Mark it done (only when the items it depends on are done or waived).</summary>
    Complete,

    /// <summary>Mark a done or waived item open again.</summary>
    Reopen,

    /// <summary>Waive it (needs one of its <c>waivableBy</c> roles and a reason).</summary>
    Waive,
}
