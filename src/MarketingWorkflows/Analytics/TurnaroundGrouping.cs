namespace MarketingWorkflows.Analytics;

/// <summary>How approval turnaround is grouped.</summary>
public enum TurnaroundGrouping
{
    /// <summary>By approval stage (the state the decision was taken in).</summary>
    Stage,

    /// <summary>By the stage's approver roles, as its definition names them.</summary>
    Role,

    /// <summary>By the person who decided (the delegate, when deciding on someone's behalf).</summary>
    Approver,
}
