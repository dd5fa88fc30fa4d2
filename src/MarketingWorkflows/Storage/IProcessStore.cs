namespace MarketingWorkflows.Storage;

/// <summary>
/// A whole store: every job the engine and its workers need from one database. Each job is its
/// own contract — <see cref="IInstanceStore"/>, <see cref="ITimerStore"/>,
/// <see cref="IOutboxStore"/>, <see cref="IDelegationStore"/>, <see cref="IIdempotencyStore"/> —
/// and a store implements them all over one database, because
/// <see cref="IInstanceStore.CommitAsync"/> saves one command's instance, history, timers, events
/// and idempotency record in one transaction: all of them, or nothing.
/// </summary>
/// <remarks>
/// A store may offer more, each by registering it in the service collection beside itself:
/// <see cref="IInstanceCopies"/> (commands start from the copy it last committed),
/// <see cref="IWorkSignal"/> (workers wake when a command adds work) and
/// <see cref="Analytics.IAnalyticsSource"/> (analytics computed in the database). Every store
/// passes the same contract test suites.
/// </remarks>
public interface IProcessStore : IInstanceStore, ITimerStore, IOutboxStore, IDelegationStore, IIdempotencyStore
{
}
