using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Idempotency records: each caller's keys with the request they stood for and a reference to the
/// first result (the instance and the version the command produced), so a repeated command replays
/// rather than applies twice. A record is small: a store keeps no copy of the result.
/// Part of <see cref="IProcessStore"/>: a store implements every part over one database, so that
/// <see cref="IInstanceStore.CommitAsync"/> can save them together.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Finds an earlier command by its caller and idempotency key, however old it is.</summary>
    /// <param name="caller">The user who sent the command.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, with the request's fingerprint and the instance id and version the command produced, or <see langword="null"/> when the caller has not used the key.</returns>
    Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes up to <paramref name="batchSize"/> idempotency records created before
    /// <paramref name="before"/>, oldest first, in one short transaction: they no longer replay,
    /// and their keys may be used afresh (a repeated command is then applied as a new one). The
    /// retention worker calls it in a loop, at most every
    /// <see cref="MarketingWorkflowsOptions.RetentionInterval"/>, with
    /// <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/>, until a call removes fewer
    /// than it asked for.
    /// </summary>
    /// <param name="before">Records created before this time go.</param>
    /// <param name="batchSize">The most records to remove in this call; at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were removed.</returns>
    Task<int> RemoveExpiredCommandsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default);
}
