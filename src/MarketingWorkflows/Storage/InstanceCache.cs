using System;
using System.Collections.Concurrent;
using System.Threading;
using MarketingWorkflows.Engine;

namespace MarketingWorkflows.Storage;

/// <summary>
/// The latest copies of instances read or written, so that an unchanged row's JSON is not parsed
/// again: the reader compares the row's version with the copy's. Instances are immutable, so a
/// kept copy is never wrong, only old, and the version check tells. Bounded: past the capacity,
/// the copies kept longest are dropped one by one (first in, first out), never all at once.
/// </summary>
internal sealed class InstanceCache(int capacity)
{
    private readonly ConcurrentDictionary<Guid, ProcessInstance> _kept = new();
    private readonly ConcurrentQueue<Guid> _order = new();
    private int _count;

    /// <summary>Gets how many copies are kept.</summary>
    public int Count => Volatile.Read(ref _count);

    public ProcessInstance? Find(Guid id) => capacity > 0 && _kept.TryGetValue(id, out var kept) ? kept : null;

    public void Forget(Guid id)
    {
        if (_kept.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    public void Remember(ProcessInstance instance)
    {
        if (capacity <= 0)
        {
            return;
        }

        while (true)
        {
            if (_kept.TryGetValue(instance.Id, out var kept))
            {
                if (kept.Version >= instance.Version || _kept.TryUpdate(instance.Id, instance, kept))
                {
                    return;
                }

                continue;
            }

            if (_kept.TryAdd(instance.Id, instance))
            {
                _order.Enqueue(instance.Id);
                if (Interlocked.Increment(ref _count) > capacity)
                {
                    Trim();
                }

                return;
            }
        }
    }

    private void Trim()
    {
        // An id in the queue may already be gone (forgotten, or dropped and added again, in which
        // case it is queued twice): dropping it again only costs a later read its parse.
        while (Volatile.Read(ref _count) > capacity && _order.TryDequeue(out var oldest))
        {
            Forget(oldest);
        }
    }
}
