using System;
using System.Collections.Concurrent;
using System.Threading;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// The latest copies of instances read or written, so that an unchanged row's JSON is not parsed
/// again: the reader compares the row's version with the copy's. Instances are immutable, so a
/// kept copy is never wrong, only old, and the version check tells. Bounded: past the capacity,
/// the copies kept longest are dropped one by one (first in, first out), never all at once.
/// A copy this store committed is told apart from one it read: only the first is offered to the
/// engine to start a command from (<see cref="FindCommitted"/>), since a row read may have been
/// written by anyone, and the engine checks such a row against its history.
/// </summary>
public sealed class InstanceCache(int capacity)
{
    private readonly ConcurrentDictionary<Guid, Copy> _kept = new();
    private readonly ConcurrentQueue<Guid> _order = new();
    private int _count;

    /// <summary>Gets how many copies are kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the latest copy read or committed, or <see langword="null"/>.</summary>
    /// <param name="id">The instance.</param>
    /// <returns>The copy, or <see langword="null"/>.</returns>
    public ProcessInstance? Find(Guid id) => capacity > 0 && _kept.TryGetValue(id, out var kept) ? kept.Instance : null;

    /// <summary>Gets the latest copy when this store committed it (rather than read it), or <see langword="null"/>.</summary>
    /// <param name="id">The instance.</param>
    /// <returns>The copy, or <see langword="null"/>.</returns>
    public ProcessInstance? FindCommitted(Guid id) => capacity > 0 && _kept.TryGetValue(id, out var kept) && kept.Committed ? kept.Instance : null;

    /// <summary>Drops the copy of an instance, such as when its commit failed.</summary>
    /// <param name="id">The instance.</param>
    public void Forget(Guid id)
    {
        if (_kept.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Keeps a copy read from the database, unless the copy kept is as new.</summary>
    /// <param name="instance">The copy.</param>
    public void Remember(ProcessInstance instance) => Keep(new Copy(instance, Committed: false));

    /// <summary>Keeps the copy a commit wrote.</summary>
    /// <param name="instance">The copy.</param>
    public void RememberCommitted(ProcessInstance instance) => Keep(new Copy(instance, Committed: true));

    private void Keep(Copy copy)
    {
        var instance = copy.Instance;
        if (capacity <= 0)
        {
            return;
        }

        while (true)
        {
            if (_kept.TryGetValue(instance.Id, out var kept))
            {
                if (kept.Instance.Version >= instance.Version || _kept.TryUpdate(instance.Id, copy, kept))
                {
                    return;
                }

                continue;
            }

            if (_kept.TryAdd(instance.Id, copy))
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

    private readonly record struct Copy(ProcessInstance Instance, bool Committed);
}
