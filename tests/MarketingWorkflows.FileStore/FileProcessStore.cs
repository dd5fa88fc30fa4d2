using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>
/// A store of JSON files in one folder, written against the public API of MarketingWorkflows only:
/// <c>instances/{id}.json</c> holds an instance with its history and timers, <c>outbox/</c> one
/// file per event, <c>commands/</c> one file per caller and idempotency key (with the instance and
/// version its command produced, not a copy of the result), and
/// <c>delegations.json</c> every delegation. Every write in the process takes one lock, and every
/// file is written to a temporary file and moved over the old one, so a reader sees a file whole.
/// Several stores may share a folder within one process (as hosts share a database): they share
/// the lock, and event claims hold a lease kept in the outbox files. It offers the copies of the
/// instances it committed (<see cref="IInstanceCopies"/>), so that an engine given them starts a
/// command without reading the file.
/// </summary>
/// <remarks>
/// A commit checks the version and the idempotency key before it writes anything, so a refused
/// commit changes nothing. It then writes several files, one at a time: a process killed in the
/// middle of a commit can leave some of them written. A store for production would keep one
/// journal per commit; this one shows what the public contract asks and lets a store do.
/// </remarks>
public sealed partial class FileProcessStore : IProcessStore, IInstanceCopies
{
    // One lock for every store in the process, so that stores sharing a folder write one at a time.
    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    private readonly string _instances;
    private readonly string _outbox;
    private readonly string _commands;
    private readonly string _delegations;

    // The instances this store committed, as committed: another store on the folder may have
    // changed them since, which the next commit's version check tells.
    private readonly ConcurrentDictionary<Guid, ProcessInstance> _copies = new();

    /// <summary>Opens the store in a folder, creating the folder and its subfolders when missing.</summary>
    /// <param name="root">The folder.</param>
    public FileProcessStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = root;
        _instances = Directory.CreateDirectory(Path.Combine(root, "instances")).FullName;
        _outbox = Directory.CreateDirectory(Path.Combine(root, "outbox")).FullName;
        _commands = Directory.CreateDirectory(Path.Combine(root, "commands")).FullName;
        _delegations = Path.Combine(root, "delegations.json");
    }

    /// <summary>Gets the folder the store keeps its files in.</summary>
    public string Root { get; }

    /// <summary>Gets the path of an instance's file.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The path (the file exists once the instance is committed).</returns>
    public string InstancePath(Guid instanceId) => Path.Combine(_instances, instanceId.ToString("D") + ".json");

    /// <inheritdoc />
    public Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = FileStoreJson.Read<InstanceFile>(InstancePath(instanceId))?.Instance;
        if (_copies.TryGetValue(instanceId, out var copy) && copy.Version != read?.Version)
        {
            // The file has moved on (or was put back): the copy is no longer the latest this store knows.
            _copies.TryRemove(KeyValuePair.Create(instanceId, copy));
        }

        return Task.FromResult(read);
    }

    /// <inheritdoc />
    public ProcessInstance? LastKnown(Guid instanceId) => _copies.GetValueOrDefault(instanceId);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileStoreJson.Read<InstanceFile>(InstancePath(instanceId))?.History ?? []);
    }

    /// <inheritdoc />
    public Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        // The history is in the instance's file: reading the last entry reads the file.
        cancellationToken.ThrowIfCancellationRequested();
        var history = FileStoreJson.Read<InstanceFile>(InstancePath(instanceId))?.History ?? [];
        return Task.FromResult(history.Count == 0 ? null : history.MaxBy(e => e.Sequence));
    }

    /// <inheritdoc />
    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Everything is checked before anything is written, so a refused commit changes nothing.
            var id = commit.Instance.Id;
            var path = InstancePath(id);
            var stored = FileStoreJson.Read<InstanceFile>(path);
            if (stored?.Instance.Version != commit.ExpectedVersion)
            {
                _copies.TryRemove(id, out _);
                throw new StoreConcurrencyException(id, commit.ExpectedVersion, stored?.Instance.Version);
            }

            string? commandPath = null;
            if (commit.Idempotency is { } key)
            {
                commandPath = CommandPath(key.Caller, key.Key);
                if (File.Exists(commandPath))
                {
                    throw new DuplicateCommandException(key.Key);
                }
            }

            var history = (stored?.History ?? []).Concat(commit.History).ToList();
            var timers = commit.Timers is null ? stored?.Timers ?? [] : [.. commit.Timers.OrderBy(t => t.DueAt)];
            FileStoreJson.Write(path, new InstanceFile(commit.Instance, history, timers));

            var sequence = LastOutboxSequence();
            foreach (var e in commit.Events)
            {
                sequence++;
                FileStoreJson.Write(OutboxPath(sequence), new OutboxFile(sequence, StoredEvent.From(e), OutboxStatus.Pending, 0, null, null, [], null));
            }

            if (commit.Idempotency is { } record)
            {
                FileStoreJson.Write(commandPath!, new CommandFile(record, id, commit.Instance.Version));
            }

            _copies[id] = commit.Instance;
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfInvalid();
        cancellationToken.ThrowIfCancellationRequested();
        var matches = ReadInstances().Select(f => f.Instance).Where(i => Matches(i, query)).ToList();
        var page = matches
            .OrderByDescending(i => i.CreatedAt)
            .ThenByDescending(i => i.Id)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToList();
        return Task.FromResult(InstancePage.Counted(page, query, matches.Count));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FileStoreJson.Read<InstanceFile>(InstancePath(instanceId))?.Timers ?? []);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ProcessTimer>>([.. ReadInstances()
            .SelectMany(f => f.Timers)
            .Where(t => t.DueAt <= until)
            .OrderBy(t => t.DueAt)
            .ThenBy(t => t.Id)
            .Take(maxCount)]);
    }

    /// <inheritdoc />
    /// <remarks>Timers are not leased: the store serves the hosts of one process, and the engine's version check decides a timer fired twice.</remarks>
    public Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetDueTimersAsync(now, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
        => ReplaceTimerAsync(timerId, t => t with { DueAt = dueAt, Attempts = t.Attempts + 1 }, cancellationToken);

    /// <inheritdoc />
    public Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default)
        => ReplaceTimerAsync(timerId, _ => null, cancellationToken);

    /// <inheritdoc />
    public async Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var all = FileStoreJson.Read<List<Delegation>>(_delegations) ?? [];
            all.Add(delegation);
            FileStoreJson.Write(_delegations, all);
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        cancellationToken.ThrowIfCancellationRequested();
        var all = FileStoreJson.Read<List<Delegation>>(_delegations) ?? [];
        return Task.FromResult<IReadOnlyList<Delegation>>([.. all.Where(d => d.Delegate == delegateUserId)]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        cancellationToken.ThrowIfCancellationRequested();
        var all = FileStoreJson.Read<List<Delegation>>(_delegations) ?? [];
        return Task.FromResult<IReadOnlyList<Delegation>>([.. all.Where(d => d.Delegator == delegatorUserId)]);
    }

    /// <inheritdoc />
    public Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var found = FileStoreJson.Read<CommandFile>(CommandPath(caller, idempotencyKey));
        return Task.FromResult(found is not null && found.Record.Caller == caller && found.Record.Key == idempotencyKey ? found.ToRecorded() : null);
    }

    /// <inheritdoc />
    public async Task<int> RemoveExpiredCommandsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var expired = FileStoreJson.ReadAll<CommandFile>(_commands)
                .Where(c => c.Value.Record.CreatedAt < before)
                .OrderBy(c => c.Value.Record.CreatedAt)
                .Take(batchSize)
                .ToList();
            foreach (var (path, _) in expired)
            {
                File.Delete(path);
            }

            return expired.Count;
        }
        finally
        {
            WriteLock.Release();
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
            // The name is a key compared exactly, never a path; a string compares by its text, anything else by its JSON.
            if (instance.Data.ValueKind != JsonValueKind.Object || !instance.Data.TryGetProperty(field, out var value))
            {
                return false;
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : FileStoreJson.CompactText(value);
            return string.Equals(text, query.DataValue, StringComparison.Ordinal);
        }

        return true;
    }

    private IEnumerable<InstanceFile> ReadInstances() => FileStoreJson.ReadAll<InstanceFile>(_instances).Select(f => f.Value);

    // A caller's key may hold any text, so the file is named by a hash of caller and key.
    private string CommandPath(string caller, string key)
        => Path.Combine(_commands, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caller + "\0" + key))) + ".json");

    private async Task ReplaceTimerAsync(Guid timerId, Func<ProcessTimer, ProcessTimer?> change, CancellationToken cancellationToken)
    {
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (path, file) in FileStoreJson.ReadAll<InstanceFile>(_instances))
            {
                if (file.Timers.Any(t => t.Id == timerId))
                {
                    var timers = file.Timers.Select(t => t.Id == timerId ? change(t) : t).OfType<ProcessTimer>().OrderBy(t => t.DueAt).ToList();
                    FileStoreJson.Write(path, file with { Timers = timers });
                    return;
                }
            }
        }
        finally
        {
            WriteLock.Release();
        }
    }
}
