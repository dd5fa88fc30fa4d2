namespace MarketingWorkflows.Instances;

/// <summary>What kind of change a history entry records.</summary>
public enum HistoryKind
{
    /// <summary>The instance started.</summary>
    Started,

    /// <summary>A trigger was fired (the state may or may not have changed).</summary>
    Transition,

    /// <summary>An approval or review decision was recorded.</summary>
    Decision,

    /// <summary>The data changed.</summary>
    DataChanged,

    /// <summary>A checklist item was completed, reopened or waived.</summary>
    Checklist,

    /// <summary>
    /// A deadline passed (<see cref="HistoryEntry.Decision"/> is <c>deadline-passed</c>) or a
    /// reminder was due (<c>reminder</c>).
    /// </summary>
    Deadline,

    /// <summary>The instance was linked to another.</summary>
    Linked,
}
