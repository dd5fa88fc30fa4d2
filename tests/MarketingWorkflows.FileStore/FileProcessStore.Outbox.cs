using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The outbox: one file per event, named by the order its command committed it.</summary>
public sealed partial class FileProcessStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The pending events of an instance are passed over whole while one of them waits for a
    /// retry or is held by another claim's lease, so an instance's events go in their order. The
    /// events taken are leased until <paramref name="now"/> + <paramref name="lease"/>, so that
    /// stores sharing the folder do not take them meanwhile.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimPendingEventsAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = ReadOutbox().Where(f => f.Value.Status == OutboxStatus.Pending).ToList();
            var resting = pending
                .Where(f => f.Value.NextAttemptAt > now || f.Value.LeaseUntil > now)
                .Select(f => f.Value.Event.InstanceId)
                .ToHashSet();
            var claimed = pending.Where(f => !resting.Contains(f.Value.Event.InstanceId)).Take(maxCount).ToList();
            foreach (var (path, file) in claimed)
            {
                FileStoreJson.Write(path, file with { LeaseUntil = now + lease });
            }

            return [.. claimed.Select(f => f.Value.ToEntry())];
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetPendingEventsAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ProcessEvent>>([.. ReadOutbox()
            .Where(f => f.Value.Status == OutboxStatus.Pending)
            .Take(maxCount)
            .Select(f => f.Value.Event.ToEvent())]);
    }

    /// <inheritdoc />
    /// <remarks>The outbox files are read through: a folder of files has no index, and a replay is rare.</remarks>
    public Task<IReadOnlyList<ProcessEvent>> GetEventsAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ProcessEvent>>([.. ReadOutbox()
            .Where(f => f.Value.Event.InstanceId == instanceId && f.Value.Event.InstanceVersion == instanceVersion)
            .Select(f => f.Value.Event.ToEvent())]);
    }

    /// <inheritdoc />
    public Task AcknowledgeEventsAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = eventIds.ToHashSet();
        return ChangeOutboxAsync(
            f => ids.Contains(f.Event.Id),
            f => f.Status == OutboxStatus.Pending ? f with { Status = OutboxStatus.Delivered, NextAttemptAt = null, LeaseUntil = null } : f,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(OutboxStatus status, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<OutboxEntry>>([.. ReadOutbox()
            .Where(f => f.Value.Status == status)
            .Take(maxCount)
            .Select(f => f.Value.ToEntry())]);
    }

    /// <inheritdoc />
    public Task RecordDeliveryFailureAsync(Guid eventId, string error, DateTimeOffset? retryAt, IReadOnlyCollection<string> handledBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(handledBy);
        return ChangeOutboxAsync(
            f => f.Event.Id == eventId,
            f => f with
            {
                Status = retryAt is null ? OutboxStatus.DeadLettered : OutboxStatus.Pending,
                Attempts = f.Attempts + 1,
                NextAttemptAt = retryAt,
                LastError = error,
                HandledBy = [.. handledBy],
                LeaseUntil = null,
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ReplayEventAsync(Guid eventId, CancellationToken cancellationToken = default)
        => await ChangeOutboxAsync(
            f => f.Event.Id == eventId,
            f => f with { Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = null, LeaseUntil = null },
            cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<int> RemoveExpiredEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var expired = ReadOutbox()
                .Where(f => f.Value.Status == OutboxStatus.Delivered && f.Value.Event.Time < before)
                .OrderBy(f => f.Value.Sequence)
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

    private string OutboxPath(long sequence) => Path.Combine(_outbox, sequence.ToString("D19", CultureInfo.InvariantCulture) + ".json");

    private List<(string Path, OutboxFile Value)> ReadOutbox() => FileStoreJson.ReadAll<OutboxFile>(_outbox);

    // Called under the write lock: the names are the sequence numbers, so the last name is the last sequence.
    private long LastOutboxSequence()
        => Directory.EnumerateFiles(_outbox, "*.json")
            .Select(p => long.Parse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();

    private async Task<int> ChangeOutboxAsync(Func<OutboxFile, bool> which, Func<OutboxFile, OutboxFile> change, CancellationToken cancellationToken)
    {
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = 0;
            foreach (var (path, file) in ReadOutbox())
            {
                if (which(file))
                {
                    var after = change(file);
                    if (after != file)
                    {
                        FileStoreJson.Write(path, after);
                    }

                    changed++;
                }
            }

            return changed;
        }
        finally
        {
            WriteLock.Release();
        }
    }
}
