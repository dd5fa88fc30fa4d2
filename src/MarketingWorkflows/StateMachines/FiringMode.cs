namespace MarketingWorkflows.StateMachines;

/// <summary>
/// Chooses what happens when a trigger is fired while the machine is already handling one,
/// for example from inside an entry action.
/// </summary>
public enum FiringMode
{
    /// <summary>
    /// The nested trigger is handled at once, inside the action that fired it, before the
    /// outer transition finishes.
    /// </summary>
    Immediate,

    /// <summary>
    /// The nested trigger waits in a queue and is handled after the current transition has
    /// completed. This is the default.
    /// </summary>
    Queued,
}
