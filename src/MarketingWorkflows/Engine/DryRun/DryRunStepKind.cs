namespace MarketingWorkflows.Engine.DryRun;

/// <summary>What a step of a dry run does.</summary>
internal enum DryRunStepKind
{
    /// <summary>A person fires a trigger (or records a decision with it).</summary>
    Fire,

    /// <summary>A person completes, reopens or waives a checklist item (<c>Complete:item</c>, <c>Reopen:item</c>, <c>Waive:item</c>).</summary>
    Checklist,

    /// <summary>A person changes the data (<c>UpdateData ... with {changes}</c>).</summary>
    UpdateData,

    /// <summary>Who starts the instance (<c>Start by user (roles)</c>, first step only).</summary>
    Start,

    /// <summary>Time passes (<c>after 3d</c>); deadlines and reminders fall due as the timer worker would fire them.</summary>
    After,

    /// <summary>An instance of another process is linked, in a state (<c>linked launch-checklist in Scheduled</c>).</summary>
    Linked,

    /// <summary>A delegation is in force (<c>delegate fiona to bo (finance)</c>).</summary>
    Delegate,
}
