using System;

namespace MarketingWorkflows.Storage;

/// <summary>How much work and how many records a store holds, as <see cref="IStoreStatistics.GetStatisticsAsync"/> reads them.</summary>
/// <param name="PendingEvents">The events waiting to be delivered, retries included.</param>
/// <param name="OldestPendingAt">When the oldest pending event's command committed, or <see langword="null"/> when none is pending.</param>
/// <param name="DeadLetteredEvents">The events given up on, kept until they are replayed.</param>
/// <param name="IdempotencyRecords">The idempotency records held (a store may estimate it for a large table).</param>
public sealed record StoreStatistics(long PendingEvents, DateTimeOffset? OldestPendingAt, long DeadLetteredEvents, long IdempotencyRecords);
