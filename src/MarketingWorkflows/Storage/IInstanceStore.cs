using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Instances: read one with its history, commit one command's changes with a version check, and find instances.
/// Part of <see cref="IProcessStore"/>: a store implements every part over one database, so that
/// <see cref="IInstanceStore.CommitAsync"/> can save them together.
/// </summary>
public interface IInstanceStore
{
    /// <summary>Reads an instance.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The instance, or <see langword="null"/> when there is none.</returns>
    Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance's history, oldest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries; empty when the instance does not exist.</returns>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads an instance's last history entry (the one with the highest sequence number); the
    /// engine checks the instance's row against it when it reads the instance. Read it by the
    /// history's index, not by reading the whole history: the engine calls it on every read.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/> when the instance has none.</returns>
    Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>Saves one command's changes atomically.</summary>
    /// <param name="commit">The changes.</param>
    /// <param name="cancellationToken">Cancels the commit (nothing is saved).</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    /// <exception cref="StoreConcurrencyException">The stored version is not <see cref="InstanceCommit.ExpectedVersion"/> (or the instance exists when inserting).</exception>
    /// <exception cref="DuplicateCommandException">The caller's idempotency key is already recorded.</exception>
    Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Finds instances.</summary>
    /// <param name="query">What to look for, and which page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One page of instances, newest first, and the total count.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range: <see cref="InstanceQuery.Skip"/> below 0, or <see cref="InstanceQuery.Take"/> not 1 to 500.</exception>
    /// <exception cref="InvalidInstanceQueryException"><see cref="InstanceQuery.DataField"/> or <see cref="InstanceQuery.DataValue"/> has U+0000 or half of a surrogate pair.</exception>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}
