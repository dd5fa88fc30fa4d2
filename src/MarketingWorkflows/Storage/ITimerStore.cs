using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Timers: deadlines and reminders an instance is waiting for, and the claims that hand each due timer to one host.
/// Part of <see cref="IProcessStore"/>: a store implements every part over one database, so that
/// <see cref="IInstanceStore.CommitAsync"/> can save them together.
/// </summary>
public interface ITimerStore
{
    /// <summary>Reads the timers of an instance, earliest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The timers.</returns>
    Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Gets the timers due at or before <paramref name="until"/>, earliest first.</summary>
    /// <param name="until">The time up to which timers are due.</param>
    /// <param name="maxCount">The most timers to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due timers.</returns>
    Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the timers due at <paramref name="now"/> for this caller to fire. A store shared by
    /// several hosts hands each timer to one caller at a time, for <paramref name="lease"/>: a host
    /// that stops before firing it loses the claim when the lease runs out, and another takes it.
    /// A store used by one host returns the due timers, as <see cref="GetDueTimersAsync"/> does.
    /// </summary>
    /// <param name="now">The time now.</param>
    /// <param name="maxCount">The most timers to take.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The timers claimed, earliest first.</returns>
    Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Moves a timer whose firing failed to a later time and counts the attempt; does nothing when the timer is gone.</summary>
    /// <param name="timerId">The timer.</param>
    /// <param name="dueAt">When to try again.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the timer is moved.</returns>
    Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Removes a timer that will not be fired (it failed too often); does nothing when it is gone.</summary>
    /// <param name="timerId">The timer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the timer is removed.</returns>
    Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default);
}
