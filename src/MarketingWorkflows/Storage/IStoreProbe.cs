using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>
/// An optional capability of a store that can prove a write commits: readiness checks use it,
/// since a read alone succeeds on a full or read-only database. Register it in the service
/// collection beside the store; without one, a readiness check can only read.
/// </summary>
public interface IStoreProbe
{
    /// <summary>
    /// Commits a real but harmless write (a row written and removed again in one transaction,
    /// large enough to need a page of its own), so it fails as a command would when the database
    /// is full, read-only, locked out or unreachable. Leaves no data behind; cheap enough to run
    /// every second, not on every request.
    /// </summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>A task that completes when the write has committed.</returns>
    /// <exception cref="StoreFullException">The database has no room for the write.</exception>
    /// <exception cref="StoreUnavailableException">The database cannot be written or reached.</exception>
    Task ProbeWriteAsync(CancellationToken cancellationToken = default);
}
