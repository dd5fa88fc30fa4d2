using System;

namespace MarketingWorkflows.Instances;

/// <summary>A durable timer: a deadline or a reminder of an instance's state.</summary>
/// <param name="Id">The timer's id.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="Kind"><c>deadline</c> or <c>reminder</c>.</param>
/// <param name="State">The state the timer belongs to; it is void once the instance has left it.</param>
/// <param name="DueAt">When it fires.</param>
/// <param name="Trigger">The trigger a deadline fires, or <see langword="null"/>.</param>
public sealed record ProcessTimer(Guid Id, Guid InstanceId, string Kind, string State, DateTimeOffset DueAt, string? Trigger)
{
    /// <summary>Gets how many times firing it has failed so far; each failure postpones it with a growing delay.</summary>
    public int Attempts { get; init; }
}
