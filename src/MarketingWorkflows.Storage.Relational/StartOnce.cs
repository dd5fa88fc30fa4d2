using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// Runs a store's start-up once, however many callers ask at once; a start-up that fails is
/// tried again by the next caller.
/// </summary>
public sealed class StartOnce : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>Gets whether the start-up has completed.</summary>
    public bool IsDone => _done;

    /// <summary>Runs <paramref name="start"/> unless it has already completed.</summary>
    /// <param name="start">The start-up.</param>
    /// <param name="cancellationToken">Cancels the wait and the start-up.</param>
    /// <returns>A task that completes when the start-up has completed.</returns>
    public async Task RunAsync(Func<CancellationToken, Task> start, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await start(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
