using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.Hosting;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// A hosted loop over the store: runs a batch, goes again at once while batches come back
/// full, otherwise waits up to <see cref="MarketingWorkflowsOptions.PollInterval"/> on the
/// injected clock, or until the store says a command added work. A failing batch is logged and
/// tried again after the interval.
/// </summary>
internal abstract class PollingWorker(MarketingWorkflowsOptions options, TimeProvider time, IWorkSignal? signal) : BackgroundService
{
    /// <summary>Gets the options.</summary>
    protected MarketingWorkflowsOptions Options { get; } = options;

    /// <summary>Gets the clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Gets whether this worker has anything to do on this host.</summary>
    protected virtual bool Enabled => Options.RunBackgroundWorkers;

    /// <summary>Runs one batch; returns whether to go again at once.</summary>
    protected abstract Task<bool> PollAsync(CancellationToken cancellationToken);

    /// <summary>Waits before the next batch: up to the poll interval, or less when the store reports new work.</summary>
    protected abstract Task WaitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/>: on the store's <see cref="IWorkSignal"/> when it
    /// has one, which wakes the worker when a command adds work of its kind; else the whole time.
    /// </summary>
    /// <param name="work">The worker's kind of work.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the wait is over.</returns>
    protected Task WaitForWorkAsync(StoreWork work, TimeSpan timeout, CancellationToken cancellationToken)
        => signal is null ? Task.Delay(timeout, Time, cancellationToken) : signal.WaitForWorkAsync(work, timeout, Time, cancellationToken);

    /// <summary>Called once when the loop starts on this host.</summary>
    protected virtual void OnStarted()
    {
    }

    /// <summary>Logs a batch that failed as a whole (the store may be briefly unavailable).</summary>
    protected abstract void OnBatchFailed(Exception exception);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        OnStarted();

        while (!stoppingToken.IsCancellationRequested)
        {
            var again = false;
            try
            {
                again = await PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OnBatchFailed(ex);
            }

            if (!again)
            {
                try
                {
                    await WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The store could not say when to look again (it may be restarting): wait the interval.
                    OnBatchFailed(ex);
                    try
                    {
                        await Task.Delay(Options.PollInterval, Time, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }
}
