using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>Instances: reading one with its history, committing, and finding them.</summary>
public sealed partial class InMemoryProcessStore
{
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
        return Task.FromResult(InstancePage.Counted(page, query, matches.Count));
    }

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

            var tail = shard.History.GetValueOrDefault(id, new HistoryTail(-1, 0, -1));
            for (var i = 0; i < commit.History.Count; i++)
            {
                tail = new HistoryTail(shard.Log.Append(commit.History[i], tail.Last), tail.Count + 1, tail.LastEvent);
            }

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

                var lastEvent = tail.LastEvent;
                lock (_outboxGate)
                {
                    for (var i = 0; i < positions.Length; i++)
                    {
                        lastEvent = _outbox.Add(commit.Events[i].Id, commit.Events[i].Time, shard, positions[i], lastEvent);
                    }
                }

                tail = tail with { LastEvent = lastEvent };
            }

            shard.History[id] = tail;
            if (commit.Idempotency is { } newKey)
            {
                _commands[(newKey.Caller, newKey.Key)] = new RecordedCommand(newKey, id, commit.Instance.Version);
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
            var tail = new HistoryTail(-1, 0, shard.History.GetValueOrDefault(instanceId, new HistoryTail(-1, 0, -1)).LastEvent);
            foreach (var entry in entries)
            {
                tail = new HistoryTail(shard.Log.Append(entry, tail.Last), tail.Count + 1, tail.LastEvent);
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
}
