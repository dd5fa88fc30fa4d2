using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

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
