using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>
/// An optional capability of a store that can be told of new work, such as PostgreSQL's
/// <c>LISTEN</c>/<c>NOTIFY</c>: the timer worker and the event dispatcher wait on it between polls
/// and wake as soon as a command adds work of their kind. Register it in the service collection
/// beside the store; without one, the workers poll every
/// <see cref="MarketingWorkflowsOptions.PollInterval"/>.
/// </summary>
public interface IWorkSignal
{
    /// <summary>
    /// Waits until a command may have added work of the given kind or <paramref name="timeout"/>
    /// passes, whichever is first. Waking early without new work is allowed; sleeping past new
    /// work is not, beyond <paramref name="timeout"/>.
    /// </summary>
    /// <param name="work">The kind of work the caller handles: a new event does not wake the timer worker.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="timeProvider">The clock the wait runs on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the wait is over.</returns>
    Task WaitForWorkAsync(StoreWork work, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default);
}
