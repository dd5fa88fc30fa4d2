using System;
using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>An event in the outbox, with its delivery state.</summary>
/// <param name="Event">The event.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">How many deliveries failed.</param>
/// <param name="NextAttemptAt">When a pending event that failed is tried again, or <see langword="null"/> when it can go now.</param>
/// <param name="LastError">What went wrong the last time, or <see langword="null"/>.</param>
public sealed record OutboxEntry(ProcessEvent Event, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError)
{
    /// <summary>
    /// Gets the event handlers that have already received the event, by name, when an earlier
    /// delivery failed part of the way through: a retry or a replay goes only to the others.
    /// </summary>
    public IReadOnlyList<string> HandledBy { get; init; } = [];
}
