using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>The outbox: events in commit order, delivered, failed and replayed.</summary>
public sealed partial class InMemoryProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<Outbox.Found> found;
        lock (_outboxGate)
        {
            found = _outbox.Find(OutboxStatus.Pending, maxCount);
        }

        return Task.FromResult<IReadOnlyList<ProcessEvent>>([.. found.Select(ReadEvent)]);
    }

    /// <inheritdoc />
    /// <remarks>Follows the instance's events from its last one back, each linked to the one before: the outbox is not searched.</remarks>
    public Task<IReadOnlyList<ProcessEvent>> GetEventsAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shard = ShardOf(instanceId);
        int last;
        lock (shard.Gate)
        {
            if (!shard.History.TryGetValue(instanceId, out var tail) || tail.LastEvent < 0)
            {
                return Task.FromResult<IReadOnlyList<ProcessEvent>>([]);
            }

            last = tail.LastEvent;
        }

        List<Outbox.Found> found;
        lock (_outboxGate)
        {
            found = _outbox.FindVersion(last, instanceVersion);
        }

        return Task.FromResult<IReadOnlyList<ProcessEvent>>([.. found.Select(ReadEvent)]);
    }

    /// <inheritdoc />
    public Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxGate)
        {
            foreach (var id in eventIds)
            {
                _outbox.Acknowledge(id);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>One process holds this store, so the pending events are its own: no lease is taken.</remarks>
    public Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetOutboxAsync(OutboxStatus.Pending, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        List<Outbox.Found> found;
        lock (_outboxGate)
        {
            found = _outbox.Find(status, maxCount);
        }

        return Task.FromResult<IReadOnlyList<OutboxEntry>>([.. found.Select(f => new OutboxEntry(ReadEvent(f), f.Status, f.Attempts, f.NextAttemptAt, f.LastError) { HandledBy = f.HandledBy })]);
    }

    /// <inheritdoc />
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(handledBy);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxGate)
        {
            _outbox.RecordFailure(eventId, error, retryAt, [.. handledBy]);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxGate)
        {
            return Task.FromResult(_outbox.Replay(eventId));
        }
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_outboxGate)
        {
            return Task.FromResult(_outbox.RemoveDelivered(before.UtcTicks, batchSize));
        }
    }

    /// <summary>Counts the outbox's backlog.</summary>
    internal (long Pending, long DeadLettered, DateTimeOffset? OldestPendingAt) Backlog()
    {
        lock (_outboxGate)
        {
            return _outbox.Backlog();
        }
    }

    private static ProcessEvent ReadEvent(Outbox.Found found) => found.Shard.Log.ReadEvent(found.Position);

    /// <summary>
    /// The events in commit order with their delivery state: where each is packed, not the event.
    /// Entries are structs without references, in fixed arrays of <see cref="SegmentSize"/>:
    /// adding one never copies the earlier ones, no segment is large enough for the large-object
    /// heap (growing lists of every event set off gen 2 collections about once per 100,000
    /// commands), and the collector does not scan a segment's entries for references.
    /// </summary>
    private sealed class Outbox(Shard[] shards)
    {
        private const int SegmentBits = 10;
        private const int SegmentSize = 1 << SegmentBits;
        private readonly List<Entry[]> _segments = [];
        private readonly Dictionary<int, Failure> _failures = [];
        private int _count;
        private int _firstPending;
        private int _firstRemovable;

        /// <summary>The mark of an event forgotten by retention: no status asked for matches it.</summary>
        private const OutboxStatus Removed = (OutboxStatus)(-1);

        /// <summary>Adds an event; <paramref name="previousOfInstance"/> is where its instance's event before it is, or -1. Returns where the event is.</summary>
        public int Add(Guid eventId, DateTimeOffset time, Shard shard, long position, int previousOfInstance)
        {
            if ((_count & (SegmentSize - 1)) == 0 && _count >> SegmentBits == _segments.Count)
            {
                _segments.Add(new Entry[SegmentSize]);
            }

            At(_count) = new Entry(eventId, shard.Index, previousOfInstance, position, OutboxStatus.Pending, time.UtcTicks);
            return _count++;
        }

        /// <summary>
        /// Finds the events of one instance version, in commit order, from the instance's last
        /// event (<paramref name="last"/>) back along the links, stopping at an older version.
        /// </summary>
        public List<Found> FindVersion(int last, long version)
        {
            var found = new List<Found>();
            for (var i = last; i >= 0;)
            {
                ref var entry = ref At(i);
                var shard = shards[entry.Shard];
                var at = shard.Log.ReadEventVersion(entry.Position);
                if (at < version)
                {
                    break;
                }

                if (at == version && entry.Status != Removed)
                {
                    var failure = _failures.GetValueOrDefault(i);
                    found.Add(new Found(shard, entry.Position, entry.Status, failure?.Attempts ?? 0, failure?.NextAttemptAt, failure?.LastError, failure?.HandledBy ?? []));
                }

                i = entry.PreviousOfInstance;
            }

            found.Reverse();
            return found;
        }

        public List<Found> Find(OutboxStatus status, int maxCount)
        {
            var found = new List<Found>();
            for (var i = status == OutboxStatus.Pending ? _firstPending : 0; i < _count && found.Count < maxCount; i++)
            {
                ref var entry = ref At(i);
                if (entry.Status == status)
                {
                    var failure = _failures.GetValueOrDefault(i);
                    found.Add(new Found(shards[entry.Shard], entry.Position, status, failure?.Attempts ?? 0, failure?.NextAttemptAt, failure?.LastError, failure?.HandledBy ?? []));
                }
            }

            return found;
        }

        public void Acknowledge(Guid eventId)
        {
            // Only pending events can be acknowledged, and none is pending before the first pending one.
            if (IndexOf(eventId, _firstPending) is var i and >= 0 && At(i).Status == OutboxStatus.Pending)
            {
                At(i).Status = OutboxStatus.Delivered;
                if (_failures.TryGetValue(i, out var failure))
                {
                    _failures[i] = failure with { NextAttemptAt = null };
                }

                SkipSettled();
            }
        }

        /// <summary>Records a failed delivery; <paramref name="handledBy"/> replaces the handlers recorded, or keeps them when <see langword="null"/>.</summary>
        public void RecordFailure(Guid eventId, string error, DateTimeOffset? retryAt, string[]? handledBy)
        {
            if (IndexOf(eventId, 0) is var i and >= 0 && At(i).Status != Removed)
            {
                At(i).Status = retryAt is null ? OutboxStatus.DeadLettered : OutboxStatus.Pending;
                var before = _failures.GetValueOrDefault(i);
                _failures[i] = new Failure((before?.Attempts ?? 0) + 1, retryAt, error, handledBy ?? before?.HandledBy ?? []);
                SkipSettled();
            }
        }

        public bool Replay(Guid eventId)
        {
            var i = IndexOf(eventId, 0);
            if (i < 0 || At(i).Status == Removed)
            {
                return false;
            }

            At(i).Status = OutboxStatus.Pending;
            var before = _failures.GetValueOrDefault(i);
            _failures[i] = new Failure(0, null, before?.LastError, before?.HandledBy ?? []);
            _firstPending = Math.Min(_firstPending, i);
            return true;
        }

        /// <summary>
        /// Forgets up to <paramref name="batchSize"/> delivered events older than
        /// <paramref name="beforeTicks"/>, oldest first: they are found no more. Their packed
        /// bytes stay in the shard's log, which only grows; the store is for one process's life.
        /// </summary>
        public int RemoveDelivered(long beforeTicks, int batchSize)
        {
            var removed = 0;
            for (var i = _firstRemovable; i < _count && removed < batchSize; i++)
            {
                ref var entry = ref At(i);
                if (entry.Status == OutboxStatus.Delivered && entry.TimeTicks < beforeTicks)
                {
                    entry.Status = Removed;
                    _failures.Remove(i);
                    removed++;
                }
            }

            while (_firstRemovable < _count && At(_firstRemovable).Status == Removed)
            {
                _firstRemovable++;
            }

            return removed;
        }

        /// <summary>Counts the pending and dead-lettered events, and finds when the oldest pending one was committed.</summary>
        public (long Pending, long DeadLettered, DateTimeOffset? OldestPendingAt) Backlog()
        {
            long pending = 0;
            long dead = 0;
            long? oldest = null;
            for (var i = _firstPending; i < _count; i++)
            {
                ref var entry = ref At(i);
                if (entry.Status == OutboxStatus.Pending)
                {
                    pending++;
                    oldest ??= entry.TimeTicks;
                }
            }

            foreach (var index in _failures.Keys)
            {
                if (At(index).Status == OutboxStatus.DeadLettered)
                {
                    dead++;
                }
            }

            return (pending, dead, oldest is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null);
        }

        private ref Entry At(int index) => ref _segments[index >> SegmentBits][index & (SegmentSize - 1)];

        // A scan rather than an index: adding an event stays cheap, and the events acknowledged are
        // nearly always the first pending ones; failures and replays are rare.
        private int IndexOf(Guid eventId, int from)
        {
            for (var i = from; i < _count; i++)
            {
                if (At(i).Id == eventId)
                {
                    return i;
                }
            }

            return -1;
        }

        private void SkipSettled()
        {
            while (_firstPending < _count && At(_firstPending).Status != OutboxStatus.Pending)
            {
                _firstPending++;
            }
        }

        // PreviousOfInstance sits in what was padding after Shard: an entry is 48 bytes with it or without it.
        private struct Entry(Guid id, int shard, int previousOfInstance, long position, OutboxStatus status, long timeTicks)
        {
            public readonly long TimeTicks = timeTicks;
            public readonly Guid Id = id;
            public readonly int Shard = shard;
            public readonly int PreviousOfInstance = previousOfInstance;
            public readonly long Position = position;
            public OutboxStatus Status = status;
        }

        /// <summary>An event found in the outbox: where it is packed, and its delivery state.</summary>
        public readonly record struct Found(Shard Shard, long Position, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, IReadOnlyList<string> HandledBy);

        private sealed record Failure(int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, IReadOnlyList<string> HandledBy);
    }
}
