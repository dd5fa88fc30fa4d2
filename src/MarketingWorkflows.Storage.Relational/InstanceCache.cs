using System;
using System.Buffers.Binary;
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
/// <remarks>
/// A copy read enters only on the second read of its instance within a while (a committed copy
/// always does). Once the instances read outnumber the capacity, keeping every copy read would
/// push out the copies in use for ones nobody reads again, each dropped after surviving long
/// enough for the garbage collector to move it to its oldest generation: on a soak whose reads
/// were spread over up to five times the capacity, that made the collector's pauses half as long again
/// within ten minutes, and the latency's tail with them.
/// </remarks>
public sealed class InstanceCache
{
    // Past this many, the ids read once share slots; a shared slot only admits a copy a little later.
    private const int MaxReadOnceSlots = 1 << 20;

    private readonly int _capacity;
    private readonly ConcurrentDictionary<Guid, Copy> _kept = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    // The ids read once lately, each as a fingerprint in the slot its fingerprint picks; a later
    // id picking the same slot replaces it. No references: the collector never scans it.
    private readonly long[] _readOnce;
    private int _count;

    /// <summary>Initializes a cache that keeps at most <paramref name="capacity"/> copies; 0 keeps none.</summary>
    /// <param name="capacity">The most copies kept.</param>
    public InstanceCache(int capacity)
    {
        _capacity = capacity;
        _readOnce = new long[Math.Clamp(capacity, 0, MaxReadOnceSlots)];
    }

    /// <summary>Gets how many copies are kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets the latest copy read or committed, or <see langword="null"/>.</summary>
    /// <param name="id">The instance.</param>
    /// <returns>The copy, or <see langword="null"/>.</returns>
    public ProcessInstance? Find(Guid id) => _capacity > 0 && _kept.TryGetValue(id, out var kept) ? kept.Instance : null;

    /// <summary>Gets the latest copy when this store committed it (rather than read it), or <see langword="null"/>.</summary>
    /// <param name="id">The instance.</param>
    /// <returns>The copy, or <see langword="null"/>.</returns>
    public ProcessInstance? FindCommitted(Guid id) => _capacity > 0 && _kept.TryGetValue(id, out var kept) && kept.Committed ? kept.Instance : null;

    /// <summary>Drops the copy of an instance, such as when its commit failed.</summary>
    /// <param name="id">The instance.</param>
    public void Forget(Guid id)
    {
        if (_kept.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>
    /// Keeps a copy read from the database, unless the copy kept is as new; an instance with no copy
    /// kept gets one on its second read (see the remarks on <see cref="InstanceCache"/>).
    /// </summary>
    /// <param name="instance">The copy.</param>
    public void Remember(ProcessInstance instance)
    {
        if (_capacity > 0 && (_kept.ContainsKey(instance.Id) || ReadBefore(instance.Id)))
        {
            Keep(new Copy(instance, Committed: false));
        }
    }

    /// <summary>Keeps the copy a commit wrote.</summary>
    /// <param name="instance">The copy.</param>
    public void RememberCommitted(ProcessInstance instance) => Keep(new Copy(instance, Committed: true));

    private void Keep(Copy copy)
    {
        var instance = copy.Instance;
        if (_capacity <= 0)
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
                if (Interlocked.Increment(ref _count) > _capacity)
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
        while (Volatile.Read(ref _count) > _capacity && _order.TryDequeue(out var oldest))
        {
            Forget(oldest);
        }
    }

    /// <summary>Notes a read of <paramref name="id"/>; tells whether it was read before and not crowded out of its slot since.</summary>
    private bool ReadBefore(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var fingerprint = BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        var slot = (int)((ulong)fingerprint % (ulong)_readOnce.Length);
        return Interlocked.Exchange(ref _readOnce[slot], fingerprint) == fingerprint;
    }

    private readonly record struct Copy(ProcessInstance Instance, bool Committed);
}
