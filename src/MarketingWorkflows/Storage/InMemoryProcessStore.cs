using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Engine;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A thread-safe <see cref="IProcessStore"/> in memory, for tests and prototypes. Commits are
/// serialized and all-or-nothing; nothing survives the process.
/// </summary>
public sealed class InMemoryProcessStore : IProcessStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, ProcessInstance> _instances = [];
    private readonly Dictionary<Guid, List<HistoryEntry>> _history = [];
    private readonly Dictionary<Guid, IReadOnlyList<ProcessTimer>> _timers = [];
    private readonly Dictionary<string, CommandResult> _commands = new(StringComparer.Ordinal);
    private readonly List<OutboxEntry> _outbox = [];
    private readonly List<Delegation> _delegations = [];

    /// <inheritdoc />
    public Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<HistoryEntry>>(_history.TryGetValue(instanceId, out var entries) ? [.. entries] : []);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_timers.TryGetValue(instanceId, out var timers) ? timers : (IReadOnlyList<ProcessTimer>)[]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ProcessTimer>>([.. _timers.Values.SelectMany(t => t).Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(maxCount)]);
        }
    }

    /// <inheritdoc />
    public Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ReplaceTimer(timerId, t => t with { DueAt = dueAt, Attempts = t.Attempts + 1 });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ReplaceTimer(timerId, _ => null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ProcessEvent>>([.. _outbox.Where(e => e.Status == OutboxStatus.Pending).Take(maxCount).Select(e => e.Event)]);
        }
    }

    /// <inheritdoc />
    public Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = eventIds as ISet<Guid> ?? new HashSet<Guid>(eventIds);
        lock (_gate)
        {
            for (var i = 0; i < _outbox.Count; i++)
            {
                if (_outbox[i].Status == OutboxStatus.Pending && ids.Contains(_outbox[i].Event.Id))
                {
                    _outbox[i] = _outbox[i] with { Status = OutboxStatus.Delivered, NextAttemptAt = null };
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>([.. _outbox.Where(e => e.Status == status).Take(maxCount)]);
        }
    }

    /// <inheritdoc />
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var i = _outbox.FindIndex(e => e.Event.Id == eventId);
            if (i >= 0)
            {
                var entry = _outbox[i];
                _outbox[i] = entry with
                {
                    Status = retryAt is null ? OutboxStatus.DeadLettered : OutboxStatus.Pending,
                    Attempts = entry.Attempts + 1,
                    NextAttemptAt = retryAt,
                    LastError = error,
                };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var i = _outbox.FindIndex(e => e.Event.Id == eventId);
            if (i < 0)
            {
                return Task.FromResult(false);
            }

            _outbox[i] = _outbox[i] with { Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = null };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
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
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Delegation>>([.. _delegations.Where(d => d.Delegate == delegateUserId)]);
        }
    }

    /// <inheritdoc />
    public Task<CommandResult?> FindCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_commands.GetValueOrDefault(idempotencyKey));
        }
    }

    /// <inheritdoc />
    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var id = commit.Instance.Id;
        lock (_gate)
        {
            // Check everything first, so a refused commit changes nothing.
            var stored = _instances.GetValueOrDefault(id);
            if (stored?.Version != commit.ExpectedVersion)
            {
                throw new StoreConcurrencyException(id, commit.ExpectedVersion, stored?.Version);
            }

            if (commit.IdempotencyKey is { } key && _commands.ContainsKey(key))
            {
                throw new DuplicateCommandException(key);
            }

            _instances[id] = commit.Instance;
            if (!_history.TryGetValue(id, out var entries))
            {
                _history[id] = entries = [];
            }

            entries.AddRange(commit.History);
            if (commit.Timers is not null)
            {
                _timers[id] = commit.Timers.Count == 0 ? [] : [.. commit.Timers.OrderBy(t => t.DueAt)];
            }

            foreach (var e in commit.Events)
            {
                _outbox.Add(new OutboxEntry(e, OutboxStatus.Pending, 0, null, null));
            }
            if (commit.IdempotencyKey is { } newKey)
            {
                _commands[newKey] = new CommandResult(commit.Instance, commit.Events, Replayed: true);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfOutOfRange();
        cancellationToken.ThrowIfCancellationRequested();
        List<ProcessInstance> matches;
        lock (_gate)
        {
            matches = [.. _instances.Values.Where(i => Matches(i, query))];
        }

        var page = matches
            .OrderByDescending(i => i.CreatedAt)
            .ThenByDescending(i => i.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToArray();
        return Task.FromResult(new InstancePage(page, matches.Count));
    }

    private void ReplaceTimer(Guid timerId, Func<ProcessTimer, ProcessTimer?> change)
    {
        foreach (var (instanceId, timers) in _timers)
        {
            if (timers.Any(t => t.Id == timerId))
            {
                _timers[instanceId] = [.. timers.Select(t => t.Id == timerId ? change(t) : t).OfType<ProcessTimer>().OrderBy(t => t.DueAt)];
                return;
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
