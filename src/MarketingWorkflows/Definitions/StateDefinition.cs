using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>A state of a process: where it sits in the hierarchy, its deadline, its approval stage and its transitions. Immutable.</summary>
public sealed class StateDefinition
{
    internal StateDefinition(string name)
    {
        Name = name;
    }

    /// <summary>Gets the state's name, such as <c>BudgetReview</c>.</summary>
    public string Name { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets the parent state's name, or <see langword="null"/> for a top-level state.</summary>
    public string? Parent { get; internal init; }

    /// <summary>Gets a value indicating whether this is the state a new instance starts in.</summary>
    public bool Initial { get; internal init; }

    /// <summary>Gets the child entered when this state is entered directly, or <see langword="null"/>.</summary>
    public string? InitialChild { get; internal init; }

    /// <summary>Gets a value indicating whether the process ends here (no transitions out).</summary>
    public bool Terminal { get; internal init; }

    /// <summary>Gets a value indicating whether, for each trigger, the first transition whose guard holds wins (otherwise two open guards are an error).</summary>
    public bool FirstMatchWins { get; internal init; }

    /// <summary>Gets the deadline for leaving this state, or <see langword="null"/>.</summary>
    public DeadlineDefinition? Deadline { get; internal init; }

    /// <summary>Gets the approval stage this state runs, or <see langword="null"/>.</summary>
    public ApprovalStageDefinition? Approval { get; internal init; }

    /// <summary>Gets the transitions out of this state, in order.</summary>
    public IReadOnlyList<TransitionDefinition> Transitions { get; internal init; } = [];

    /// <summary>Gets a value indicating whether the data is locked in this state: it changes only through a trigger that sets data (such as a new content version).</summary>
    public bool DataLocked { get; internal init; }

    /// <summary>Gets the state the process moves to as soon as every required checklist item is done or waived, or <see langword="null"/>. Checklist items can be changed only in a state that has one.</summary>
    public string? OnChecklistComplete { get; internal init; }
}
