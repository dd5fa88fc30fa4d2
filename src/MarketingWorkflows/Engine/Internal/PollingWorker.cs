using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// A hosted loop over the store: runs a batch, goes again at once while batches come back
/// full, otherwise waits up to <see cref="MarketingWorkflowsOptions.PollInterval"/> on the
/// injected clock, or until the store says a command added work. A failing batch is logged and
/// tried again after the interval.
/// </summary>
internal abstract class PollingWorker(MarketingWorkflowsOptions options, TimeProvider time) : BackgroundService
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

    /// <summary>Logs a batch that failed as a whole (the store may be briefly unavailable).</summary>
    protected abstract void OnBatchFailed(Exception exception);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

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
