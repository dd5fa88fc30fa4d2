namespace MarketingWorkflows.Instances;

/// <summary>How far a checklist item is.</summary>
public enum ChecklistItemStatus
{
    /// <summary>Not done yet.</summary>
    Open,

    /// <summary>Done.</summary>
    Done,

    /// <summary>Waived by an authorised role, with a reason.</summary>
    Waived,
}
