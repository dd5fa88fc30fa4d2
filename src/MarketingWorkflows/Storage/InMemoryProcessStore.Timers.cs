using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>Timers: deadlines and reminders, and the due ones to fire.</summary>
public sealed partial class InMemoryProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shard = ShardOf(instanceId);
        lock (shard.Gate)
        {
            return Task.FromResult(shard.Timers.TryGetValue(instanceId, out var timers) ? timers : (IReadOnlyList<ProcessTimer>)[]);
        }
    }

    /// <inheritdoc />
    /// <remarks>One process holds this store, so the due timers are its own: no lease is taken.</remarks>
    public Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetDueTimersAsync(now, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var due = new List<ProcessTimer>();
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                due.AddRange(shard.Timers.Values.SelectMany(t => t).Where(t => t.DueAt <= until));
            }
        }

        return Task.FromResult<IReadOnlyList<ProcessTimer>>([.. due.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(maxCount)]);
    }

    /// <inheritdoc />
    public Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReplaceTimer(timerId, t => t with { DueAt = dueAt, Attempts = t.Attempts + 1 });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReplaceTimer(timerId, _ => null);
        return Task.CompletedTask;
    }

    private void ReplaceTimer(Guid timerId, Func<ProcessTimer, ProcessTimer?> change)
    {
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                foreach (var (instanceId, timers) in shard.Timers)
                {
                    if (timers.Any(t => t.Id == timerId))
                    {
                        shard.Timers[instanceId] = [.. timers.Select(t => t.Id == timerId ? change(t) : t).OfType<ProcessTimer>().OrderBy(t => t.DueAt)];
                        return;
                    }
                }
            }
        }
    }
}
