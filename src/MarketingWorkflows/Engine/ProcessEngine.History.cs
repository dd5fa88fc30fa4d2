using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using Microsoft.Extensions.Logging;

namespace MarketingWorkflows.Engine;

/// <content>What an instance's history proves: verifying it, and checking a row read for a command against its last entry.</content>
public sealed partial class ProcessEngine
{
    // How often a row and its history are read again while other hosts keep committing between the two reads.
    private const int MaxRereads = 100;

    // Instances found not to match their history: commands on them read the row afresh (and
    // check it again) instead of starting from a kept copy, until the row matches.
    // The count spares the hot path a look into the dictionary (whose IsEmpty takes every lock).
    private readonly ConcurrentDictionary<Guid, byte> _mismatched = new();
    private int _mismatchedCount;

    /// <inheritdoc />
    public async Task<HistoryVerification> VerifyHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var history = await _store.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; history.Count > instance.HistoryCount && attempt < MaxRereads; attempt++)
        {
            // A command committed between the two reads: read the row again, then its history,
            // unless the row has not changed (then it is behind its history, and that is reported).
            var again = await GetAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (again.Version == instance.Version)
            {
                break;
            }

            instance = again;
            history = await _store.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }

        var result = HistoryChain.Verify(history, _historyKeys);
        if (!result.IsValid)
        {
            return result;
        }

        return HistoryChain.CheckRow(instance, history.Count == 0 ? null : history[^1], _historyKeys, checkHash: false) is { } mismatch
            ? mismatch with { Entries = history.Count }
            : result;
    }

    /// <summary>
    /// Reads an instance from the store and checks it against its last history entry, and refuses
    /// it when its row was changed outside the engine. Copies the engine kept of instances it
    /// committed itself are not checked: this runs only on a fresh read.
    /// </summary>
    private async ValueTask<ProcessInstance> ReadAsHistorySaysAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        long? versionBefore = null;
        for (var attempt = 1; ; attempt++)
        {
            var instance = await _store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
            var last = await _store.GetLastHistoryEntryAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (HistoryChain.CheckRow(instance, last, _historyKeys, checkHash: true) is not { } mismatch)
            {
                if (Volatile.Read(ref _mismatchedCount) != 0 && _mismatched.TryRemove(instanceId, out _))
                {
                    Interlocked.Decrement(ref _mismatchedCount);
                }

                return instance;
            }

            if (last is not null && last.Sequence > instance.HistoryCount && instance.Version != versionBefore && attempt < MaxRereads)
            {
                // Another host committed between the two reads, so the entry is newer than the row:
                // read both again. A row that stays behind its history while nobody changes it is a mismatch.
                versionBefore = instance.Version;
                continue;
            }

            var field = mismatch.Field ?? "history";
            if (_mismatched.TryAdd(instanceId, 0))
            {
                Interlocked.Increment(ref _mismatchedCount);
            }

            _telemetry.IntegrityFailed(instance.ProcessId, field);
            LogIntegrityFailure(instanceId, instance.ProcessId, field, mismatch.Problem ?? string.Empty);
            throw new InstanceIntegrityException(instanceId, field, mismatch.Problem ?? "the instance does not match its history");
        }
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Instance {InstanceId} ({ProcessId}) does not match its history ({Field}): {Problem}. Commands on it are refused until it is restored from a backup")]
    private partial void LogIntegrityFailure(Guid instanceId, string processId, string field, string problem);
}
