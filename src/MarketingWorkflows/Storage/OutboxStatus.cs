namespace MarketingWorkflows.Storage;

/// <summary>Where an event is in the outbox.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting to be delivered (possibly after a failed attempt).</summary>
    Pending,

    /// <summary>Delivered to every handler.</summary>
    Delivered,

    /// <summary>Given up after too many failed deliveries; can be replayed.</summary>
    DeadLettered,
}
