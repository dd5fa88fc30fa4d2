using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A thread-safe <see cref="IProcessStore"/> in memory, for tests and prototypes. Commits are
/// serialized and all-or-nothing; nothing survives the process. History and events are kept
/// packed as bytes (<see cref="PackedLog"/>), so a long run does not slow garbage collection.
/// </summary>
public sealed class InMemoryProcessStore : IProcessStore, IInstanceCopies
{
    // Instances hash onto shards, each with its own lock and log, so commands on different
    // instances do not wait for each other; the outbox, idempotency keys and delegations are
    // shared, each under a lock of its own. Locks are taken in one order: keys, shard, outbox
    // (or links).
    private const int ShardCount = 16;
    private readonly Shard[] _shards = [.. Enumerable.Range(0, ShardCount).Select(i => new Shard { Index = i })];
    private readonly Lock _commandsGate = new();
    private readonly Dictionary<(string Caller, string Key), RecordedCommand> _commands = [];
    private readonly Lock _outboxGate = new();
    private readonly Outbox _outbox;
    private readonly Lock _delegationsGate = new();
    private readonly List<Delegation> _delegations = [];

    // Which instances link to each instance, so "linked to" queries (the engine asks them to
    // check a transition's linked instances) read a few instances instead of every one.
    private readonly Lock _linksGate = new();
    private readonly Dictionary<Guid, HashSet<Guid>> _linkedFrom = [];

    /// <summary>Initializes an empty store.</summary>
    public InMemoryProcessStore()
    {
        _outbox = new Outbox(_shards);
    }

    /// <inheritdoc />
    public Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shard = ShardOf(instanceId);
        lock (shard.Gate)
        {
            return Task.FromResult(shard.Instances.GetValueOrDefault(instanceId));
        }
    }

    /// <inheritdoc />
    ProcessInstance? IInstanceCopies.LastKnown(Guid instanceId)
    {
        // In memory the copy is the stored instance itself: always current, and no task to allocate;
        // unless it was written past the engine (a test's tampering), when it is no copy of the engine's.
        var shard = ShardOf(instanceId);
        lock (shard.Gate)
        {
            return shard.Altered.Count > 0 && shard.Altered.Contains(instanceId) ? null : shard.Instances.GetValueOrDefault(instanceId);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shard = ShardOf(instanceId);
        HistoryTail tail;
        lock (shard.Gate)
        {
            if (!shard.History.TryGetValue(instanceId, out tail))
            {
                return Task.FromResult<IReadOnlyList<HistoryEntry>>([]);
            }
        }

        // Entries before the tail never change, so they are read outside the lock.
        var entries = new HistoryEntry[tail.Count];
        var position = tail.Last;
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            entries[i] = shard.Log.ReadHistory(position, out position);
        }

        return Task.FromResult<IReadOnlyList<HistoryEntry>>(entries);
    }

    /// <inheritdoc />
    public Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shard = ShardOf(instanceId);
        HistoryTail tail;
        lock (shard.Gate)
        {
            if (!shard.History.TryGetValue(instanceId, out tail) || tail.Count == 0)
            {
                return Task.FromResult<HistoryEntry?>(null);
            }
        }

        return Task.FromResult<HistoryEntry?>(shard.Log.ReadHistory(tail.Last, out _));
    }

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
    public Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_delegationsGate)
        {
            _delegations.Add(delegation);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_delegationsGate)
        {
            return Task.FromResult<IReadOnlyList<Delegation>>([.. _delegations.Where(d => d.Delegate == delegateUserId)]);
        }
    }

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
    public Task<int> RemoveCommandsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_commandsGate)
        {
            var expired = _commands.Where(c => c.Value.Record.CreatedAt < createdBefore).Select(c => c.Key).ToList();
            foreach (var key in expired)
            {
                _commands.Remove(key);
            }

            return Task.FromResult(expired.Count);
        }
    }

    /// <inheritdoc />
    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        if (commit.Idempotency is null)
        {
            Commit(commit);
        }
        else
        {
            // A key is recorded with its command, so a keyed commit holds the keys' lock throughout.
            lock (_commandsGate)
            {
                Commit(commit);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfInvalid();
        cancellationToken.ThrowIfCancellationRequested();
        var matches = new List<ProcessInstance>();
        if (query.LinkedTo is { } target)
        {
            Guid[] linking;
            lock (_linksGate)
            {
                linking = _linkedFrom.TryGetValue(target, out var ids) ? [.. ids] : [];
            }

            foreach (var id in linking)
            {
                var shard = ShardOf(id);
                lock (shard.Gate)
                {
                    if (shard.Instances.TryGetValue(id, out var instance) && Matches(instance, query))
                    {
                        matches.Add(instance);
                    }
                }
            }
        }
        else
        {
            foreach (var shard in _shards)
            {
                lock (shard.Gate)
                {
                    matches.AddRange(shard.Instances.Values.Where(i => Matches(i, query)));
                }
            }
        }

        var page = matches
            .OrderByDescending(i => i.CreatedAt)
            .ThenByDescending(i => i.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToArray();
        return Task.FromResult(new InstancePage(page, matches.Count));
    }

    private Shard ShardOf(Guid instanceId) => _shards[(uint)instanceId.GetHashCode() % ShardCount];

    private void Commit(InstanceCommit commit)
    {
        var id = commit.Instance.Id;
        var shard = ShardOf(id);
        lock (shard.Gate)
        {
            // Check everything first, so a refused commit changes nothing.
            var stored = shard.Instances.GetValueOrDefault(id);
            if (stored?.Version != commit.ExpectedVersion)
            {
                throw new StoreConcurrencyException(id, commit.ExpectedVersion, stored?.Version);
            }

            if (commit.Idempotency is { } key && _commands.ContainsKey((key.Caller, key.Key)))
            {
                throw new DuplicateCommandException(key.Key);
            }

            shard.Instances[id] = commit.Instance;
            if (shard.Altered.Count > 0)
            {
                shard.Altered.Remove(id);
            }

            if (!ReferenceEquals(stored?.Links, commit.Instance.Links))
            {
                IndexLinks(id, stored?.Links ?? [], commit.Instance.Links);
            }

            var tail = shard.History.GetValueOrDefault(id, new HistoryTail(-1, 0));
            for (var i = 0; i < commit.History.Count; i++)
            {
                tail = new HistoryTail(shard.Log.Append(commit.History[i], tail.Last), tail.Count + 1);
            }

            shard.History[id] = tail;
            if (commit.Timers is not null)
            {
                shard.Timers[id] = commit.Timers.Count == 0 ? [] : [.. commit.Timers.OrderBy(t => t.DueAt)];
            }

            if (commit.Events.Count > 0)
            {
                Span<long> positions = stackalloc long[Math.Min(commit.Events.Count, 16)];
                positions = commit.Events.Count <= positions.Length ? positions[..commit.Events.Count] : new long[commit.Events.Count];
                for (var i = 0; i < positions.Length; i++)
                {
                    positions[i] = shard.Log.Append(commit.Events[i]);
                }

                lock (_outboxGate)
                {
                    for (var i = 0; i < positions.Length; i++)
                    {
                        _outbox.Add(commit.Events[i].Id, shard, positions[i]);
                    }
                }
            }

            if (commit.Idempotency is { } newKey)
            {
                _commands[(newKey.Caller, newKey.Key)] = new RecordedCommand(newKey, new CommandResult(commit.Instance, commit.Events, Replayed: true));
            }
        }
    }

    /// <summary>
    /// Replaces an instance's stored row without a commit, as someone writing to a database behind
    /// the engine's back would (for tests of tamper evidence). The row is then no copy of the
    /// engine's: a command reads it afresh.
    /// </summary>
    internal void OverwriteInstance(ProcessInstance instance)
    {
        var shard = ShardOf(instance.Id);
        lock (shard.Gate)
        {
            shard.Instances[instance.Id] = instance;
            shard.Altered.Add(instance.Id);
        }
    }

    /// <summary>Replaces an instance's stored history without a commit (for tests of tamper evidence).</summary>
    internal void OverwriteHistory(Guid instanceId, IReadOnlyList<HistoryEntry> entries)
    {
        var shard = ShardOf(instanceId);
        lock (shard.Gate)
        {
            var tail = new HistoryTail(-1, 0);
            foreach (var entry in entries)
            {
                tail = new HistoryTail(shard.Log.Append(entry, tail.Last), tail.Count + 1);
            }

            shard.History[instanceId] = tail;
            shard.Altered.Add(instanceId);
        }
    }

    /// <summary>Gets every instance as it is now, in no order (the analytics read them all).</summary>
    internal List<ProcessInstance> Snapshot()
    {
        var all = new List<ProcessInstance>();
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                all.AddRange(shard.Instances.Values);
            }
        }

        return all;
    }

    private void IndexLinks(Guid id, IReadOnlyList<InstanceLink> before, IReadOnlyList<InstanceLink> after)
    {
        lock (_linksGate)
        {
            foreach (var link in before)
            {
                if (!after.Any(l => l.InstanceId == link.InstanceId) && _linkedFrom.TryGetValue(link.InstanceId, out var ids))
                {
                    ids.Remove(id);
                }
            }

            foreach (var link in after)
            {
                (_linkedFrom.TryGetValue(link.InstanceId, out var ids) ? ids : _linkedFrom[link.InstanceId] = []).Add(id);
            }
        }
    }

    private static ProcessEvent ReadEvent(Outbox.Found found) => found.Shard.Log.ReadEvent(found.Position);

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

    private static bool Matches(ProcessInstance instance, InstanceQuery query)
    {
        if ((query.ProcessId is not null && instance.ProcessId != query.ProcessId)
            || (query.State is not null && instance.State != query.State)
            || (!query.IncludeCompleted && instance.IsCompleted)
            || (query.OverdueAt is { } at && !(instance.DueAt < at))
            || (query.LinkedTo is { } linked && !instance.Links.Any(l => l.InstanceId == linked)))
        {
            return false;
        }

        if (query.WaitingOnUser is { } user
            && !instance.AwaitingUsers.Contains(user, StringComparer.Ordinal)
            && !instance.AwaitingRoles.Intersect(query.WaitingOnRoles, StringComparer.Ordinal).Any())
        {
            return false;
        }

        if (query.DataField is { } field)
        {
            if (instance.Data.ValueKind != JsonValueKind.Object || !instance.Data.TryGetProperty(field, out var value))
            {
                return false;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return string.Equals(text, query.DataValue, StringComparison.Ordinal);
        }

        return true;
    }

    /// <summary>One shard: the instances hashed onto it, their history and timers, and the log their history and events are packed in.</summary>
    private sealed class Shard
    {
        public int Index { get; init; }

        public Lock Gate { get; } = new();

        public Dictionary<Guid, ProcessInstance> Instances { get; } = [];

        public Dictionary<Guid, HistoryTail> History { get; } = [];

        /// <summary>Gets the instances whose row or history was overwritten past a commit since their last commit.</summary>
        public HashSet<Guid> Altered { get; } = [];

        public Dictionary<Guid, IReadOnlyList<ProcessTimer>> Timers { get; } = [];

        public PackedLog Log { get; } = new();
    }

    /// <summary>Where an instance's history ends in the log, and how many entries it has.</summary>
    private readonly record struct HistoryTail(long Last, int Count);

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

        public void Add(Guid eventId, Shard shard, long position)
        {
            if ((_count & (SegmentSize - 1)) == 0 && _count >> SegmentBits == _segments.Count)
            {
                _segments.Add(new Entry[SegmentSize]);
            }

            At(_count++) = new Entry(eventId, shard.Index, position, OutboxStatus.Pending);
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
            if (IndexOf(eventId, 0) is var i and >= 0)
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
            if (i < 0)
            {
                return false;
            }

            At(i).Status = OutboxStatus.Pending;
            var before = _failures.GetValueOrDefault(i);
            _failures[i] = new Failure(0, null, before?.LastError, before?.HandledBy ?? []);
            _firstPending = Math.Min(_firstPending, i);
            return true;
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

        private struct Entry(Guid id, int shard, long position, OutboxStatus status)
        {
            public readonly Guid Id = id;
            public readonly int Shard = shard;
            public readonly long Position = position;
            public OutboxStatus Status = status;
        }

        /// <summary>An event found in the outbox: where it is packed, and its delivery state.</summary>
        public readonly record struct Found(Shard Shard, long Position, OutboxStatus Status, int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, IReadOnlyList<string> HandledBy);

        private sealed record Failure(int Attempts, DateTimeOffset? NextAttemptAt, string? LastError, IReadOnlyList<string> HandledBy);
    }
}
