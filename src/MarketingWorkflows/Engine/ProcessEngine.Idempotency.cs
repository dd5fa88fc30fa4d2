using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine;

/// <content>Idempotency keys: a command sent again is found by its key and answered as a replay, or refused when the key stood for another request.</content>
public sealed partial class ProcessEngine
{
    /// <summary>
    /// Finds the caller's earlier command under the request's key: its replay when it was this
    /// same request (see <see cref="ReplayAsync"/>), <see langword="null"/> when the key is new or
    /// older than <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/> (the expired records
    /// are removed then, so the key can be recorded afresh); throws when it was another request.
    /// </summary>
    private async Task<CommandResult?> FindEarlierAsync(IdempotencyRecord? request, Guid? instanceId, string? processId, CancellationToken cancellationToken)
    {
        if (request is null || await _store.FindCommandAsync(request.Caller, request.Key, cancellationToken).ConfigureAwait(false) is not { } earlier)
        {
            return null;
        }

        var expiredBefore = _time.GetUtcNow() - _options.IdempotencyRetention;
        if (earlier.Record.CreatedAt < expiredBefore)
        {
            // The retention worker has not reached it yet: clear the expired records now, a batch
            // per transaction as the worker does, so that this key can be recorded afresh.
            int removed;
            do
            {
                removed = await _store.RemoveExpiredCommandsAsync(expiredBefore, _options.RetentionBatchSize, cancellationToken).ConfigureAwait(false);
            }
            while (removed >= _options.RetentionBatchSize);

            return null;
        }

        if (!string.Equals(earlier.Record.Fingerprint, request.Fingerprint, StringComparison.Ordinal))
        {
            // The record names the instance, not its process: read it to say what the key was used for.
            var first = await _store.GetAsync(earlier.InstanceId, cancellationToken).ConfigureAwait(false);
            throw RequestFingerprint.Reused(request, earlier, first?.ProcessId, instanceId, processId);
        }

        return await ReplayAsync(earlier, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds the answer to a command sent again from its record, which keeps a reference to the
    /// first result rather than a copy: the instance as it is now (at the version the command
    /// produced, or a later one), and the events that version produced, marked replayed. Delivered
    /// events outlive the record (<see cref="MarketingWorkflowsOptions.DeliveredEventRetention"/>
    /// is at least <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/>), so they are all there.
    /// </summary>
    private async Task<CommandResult> ReplayAsync(RecordedCommand earlier, CancellationToken cancellationToken)
    {
        var instance = await _store.GetAsync(earlier.InstanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(earlier.InstanceId);
        var events = await _store.GetEventsAsync(earlier.InstanceId, earlier.InstanceVersion, cancellationToken).ConfigureAwait(false);
        return new CommandResult(instance, events, Replayed: true);
    }
}
