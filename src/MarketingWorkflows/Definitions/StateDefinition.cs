using System;
using System.Collections.Generic;
using System.Linq;

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

/// <summary>What a transition does with the state.</summary>
public enum TransitionKind
{
    /// <summary>Moves to <see cref="TransitionDefinition.To"/>, running exit and entry actions.</summary>
    External,

    /// <summary>Leaves and re-enters the same state.</summary>
    Reentry,

    /// <summary>Stays in the state without exit or entry: records the action only.</summary>
    Internal,
}

/// <summary>A transition: a trigger, where it leads, and the guard that must hold. Immutable.</summary>
public sealed class TransitionDefinition
{
    internal TransitionDefinition(string trigger, TransitionKind kind, string? to)
    {
        Trigger = trigger;
        Kind = kind;
        To = to;
    }

    /// <summary>Gets the trigger's name.</summary>
    public string Trigger { get; }

    /// <summary>Gets what the transition does with the state.</summary>
    public TransitionKind Kind { get; }

    /// <summary>Gets the destination state for an external transition; <see langword="null"/> otherwise.</summary>
    public string? To { get; }

    /// <summary>Gets the guard expression, or <see langword="null"/> for an unguarded transition.</summary>
    public string? Guard { get; internal init; }

    /// <summary>Gets the guard's description in plain words, shown when it blocks (defaults to the expression).</summary>
    public string? GuardDescription { get; internal init; }

    /// <summary>Gets what linked instances must have reached before the transition is allowed.</summary>
    public IReadOnlyList<LinkRequirement> RequiresLinked { get; internal init; } = [];

    /// <summary>Gets whether the transition is allowed only when every required checklist item is done or waived.</summary>
    public bool RequiresChecklistComplete { get; internal init; }
}

/// <summary>
/// A condition on linked instances: every instance of <see cref="Process"/> linked to this one
/// (in either direction) must be in one of <see cref="States"/> (or a substate of one).
/// </summary>
/// <param name="Process">The linked process, such as <c>content-review</c>.</param>
/// <param name="States">The states that satisfy the condition.</param>
/// <param name="AtLeastOne">Whether at least one such linked instance must exist.</param>
public sealed record LinkRequirement(string Process, IReadOnlyList<string> States, bool AtLeastOne = false)
{
    /// <summary>Describes the requirement in plain words.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => (AtLeastOne ? $"a linked {Process} exists and every one" : $"every linked {Process}") + $" is {string.Join(" or ", States)}";
}

/// <summary>A deadline for leaving a state, the reminders around it, and what happens when it passes. Immutable.</summary>
public sealed class DeadlineDefinition
{
    internal DeadlineDefinition()
    {
    }

    /// <summary>Gets the deadline in business days (counted on the process's <see cref="WorkingCalendar"/>), or <see langword="null"/>.</summary>
    public int? BusinessDays { get; internal init; }

    /// <summary>Gets the deadline as a plain duration, or <see langword="null"/>.</summary>
    public TimeSpan? Duration { get; internal init; }

    /// <summary>Gets the deadline as an expression over the data giving a date or datetime (such as <c>launchAt</c>), or <see langword="null"/>.</summary>
    public string? At { get; internal init; }

    /// <summary>Gets the reminders: negative offsets come before the deadline, zero at it, positive after it.</summary>
    public IReadOnlyList<TimeSpan> Reminders { get; internal init; } = [];

    /// <summary>Gets the trigger fired when the deadline passes (escalate, auto-reject, auto-approve...), or <see langword="null"/> to only record the breach.</summary>
    public string? OnTimeout { get; internal init; }
}

/// <summary>The days business-day deadlines count on. Immutable.</summary>
public sealed class WorkingCalendar
{
    internal WorkingCalendar(IReadOnlyList<DayOfWeek> weekend, IReadOnlyList<DateOnly> holidays)
    {
        Weekend = weekend;
        Holidays = holidays;
    }

    /// <summary>Gets the default calendar: Monday to Friday, no holidays.</summary>
    public static WorkingCalendar Weekdays { get; } = new([DayOfWeek.Saturday, DayOfWeek.Sunday], []);

    /// <summary>Gets the non-working days of the week.</summary>
    public IReadOnlyList<DayOfWeek> Weekend { get; }

    /// <summary>Gets the holidays.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>Gets a value indicating whether <paramref name="date"/> is a working day.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> for a working day.</returns>
    public bool IsWorkingDay(DateOnly date)
    {
        foreach (var day in Weekend)
        {
            if (date.DayOfWeek == day)
            {
                return false;
            }
        }

        foreach (var holiday in Holidays)
        {
            if (holiday == date)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds working days to a date: the result is the <paramref name="days"/>-th working day after it.</summary>
    /// <param name="date">The start date.</param>
    /// <param name="days">How many working days to add; 0 or more.</param>
    /// <returns>The resulting date.</returns>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days > 0 && Weekend.Distinct().Count() >= 7)
        {
            throw new InvalidOperationException("The calendar has no working days.");
        }

        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                days--;
            }
        }

        return date;
    }
}
