using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage;

/// <summary>Idempotency records: a caller's keys, each with the instance and version its command produced.</summary>
public sealed partial class InMemoryProcessStore
{
    /// <inheritdoc />
    public Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_commandsGate)
        {
            return Task.FromResult(_commands.GetValueOrDefault((caller, idempotencyKey)));
        }
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredCommandsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_commandsGate)
        {
            var expired = _commands.Where(c => c.Value.Record.CreatedAt < before)
                .OrderBy(c => c.Value.Record.CreatedAt)
                .Take(batchSize)
                .Select(c => c.Key)
                .ToList();
            foreach (var key in expired)
            {
                _commands.Remove(key);
            }

            return Task.FromResult(expired.Count);
        }
    }

    /// <summary>Counts the idempotency records held.</summary>
    internal int CommandCount()
    {
        lock (_commandsGate)
        {
            return _commands.Count;
        }
    }
}
