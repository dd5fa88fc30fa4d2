namespace MarketingWorkflows.Instances;

/// <summary>The event kinds other than entering a state (which is named after the state).</summary>
public static class ProcessEventTypes
{
    /// <summary>An instance started.</summary>
    public const string Started = "started";

    /// <summary>A decision was recorded in an approval stage that has not settled yet.</summary>
    public const string DecisionRecorded = "decision-recorded";

    /// <summary>A trigger was recorded without a change of state (an internal transition such as an escalation).</summary>
    public const string Recorded = "recorded";

    /// <summary>The instance's data changed.</summary>
    public const string DataChanged = "data-changed";

    /// <summary>A checklist item was completed, reopened or waived.</summary>
    public const string ChecklistItemChanged = "checklist-item-changed";

    /// <summary>The instance was linked to another.</summary>
    public const string Linked = "linked";

    /// <summary>A reminder of the current state's deadline is due.</summary>
    public const string ReminderDue = "reminder-due";

    /// <summary>The current state's deadline passed and it has no timeout trigger.</summary>
    public const string DeadlinePassed = "deadline-passed";

    /// <summary>The instance moved to a later version of its definition; the event's data holds <c>fromVersion</c>, <c>toVersion</c> and the states <c>from</c> and <c>to</c>.</summary>
    public const string Migrated = "migrated";
}
