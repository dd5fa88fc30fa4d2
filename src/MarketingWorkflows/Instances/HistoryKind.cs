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

    /// <summary>
    /// The instance moved to a later version of its definition (<see cref="HistoryEntry.DefinitionVersion"/>
    /// names the later one; <see cref="HistoryEntry.Arguments"/> holds <c>fromVersion</c>,
    /// <c>toVersion</c>, the plan's <c>states</c> map and the data fields and votes it filled or dropped).
    /// </summary>
    Migrated,
}
