namespace MarketingWorkflows.Definitions.Versions;

/// <summary>The part of a process definition a <see cref="DefinitionChange"/> is about.</summary>
public enum DefinitionArea
{
    /// <summary>The process itself: its id, title, description, owner field and working calendar.</summary>
    Process,

    /// <summary>A state: added, removed, its place in the hierarchy, its flags, the order of the states.</summary>
    State,

    /// <summary>A transition (its trigger and target) or a trigger (its flags).</summary>
    Transition,

    /// <summary>Who may fire a trigger: its roles, or the submitter only.</summary>
    Role,

    /// <summary>The guard of a transition and its plain-words description.</summary>
    Guard,

    /// <summary>An approval stage: its approvers, rules, self-approval policy and outcomes.</summary>
    Stage,

    /// <summary>A deadline: when it falls, its reminders and what happens when it passes.</summary>
    Deadline,

    /// <summary>A data field or a trigger argument: its type, constraints and default.</summary>
    DataField,

    /// <summary>A checklist item.</summary>
    Checklist,

    /// <summary>What the analytics measure.</summary>
    Measure,
}
