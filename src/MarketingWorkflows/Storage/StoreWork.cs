namespace MarketingWorkflows.Storage;

/// <summary>The kinds of background work a command can leave for the workers.</summary>
public enum StoreWork
{
    /// <summary>Events in the outbox, for the event dispatcher.</summary>
    Events,

    /// <summary>Timers (deadlines, reminders), for the timer worker.</summary>
    Timers,
}
