using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A thread-safe <see cref="IProcessStore"/> in memory, for tests and prototypes. Commits are
/// serialized and all-or-nothing; nothing survives the process. History and events are kept
/// packed as bytes (<see cref="PackedLog"/>), so a long run does not slow garbage collection.
/// </summary>
public sealed partial class InMemoryProcessStore : IProcessStore, IInstanceCopies
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

    private Shard ShardOf(Guid instanceId) => _shards[(uint)instanceId.GetHashCode() % ShardCount];

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

    /// <summary>
    /// Where an instance's history ends in the log, how many entries it has, and where its last
    /// event is in the outbox (-1 when it has none): each event links to the instance's event
    /// before it, which serves the events of one version without reading the outbox.
    /// </summary>
    private readonly record struct HistoryTail(long Last, int Count, int LastEvent);
}
