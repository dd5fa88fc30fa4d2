namespace MarketingWorkflows.Definitions;

/// <summary>Which decisions a stage takes.</summary>
public enum DecisionSet
{
    /// <summary>Approve, reject, or request changes.</summary>
    Approval,

    /// <summary>
    /// Approved, approved-with-changes, changes-required, rejected, not-relevant; a stage's outcome is
    /// its worst decision (rejected &gt; changes-required &gt; approved-with-changes &gt; approved; not-relevant does not count).
    /// </summary>
    Review,
}
