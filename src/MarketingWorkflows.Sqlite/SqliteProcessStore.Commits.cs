using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Sqlite;

/// <summary>Commits: each command in one transaction, several waiting commands written in a group by one writer.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default) => Guard(CommitCoreAsync(commit, cancellationToken));

    private async Task CommitCoreAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var pending = new PendingCommit(commit);

        // Once queued, the commit is applied or refused as a whole; the caller learns which.
        try
        {
            await WriteAsync(pending).ConfigureAwait(false);
        }
        catch
        {
            // Refused, or failed: the copy at hand may be old, so the next command reads.
            _recent.Forget(commit.Instance.Id);
            throw;
        }

        _recent.RememberCommitted(commit.Instance);
    }

    /// <summary>Queues a write for the writer's next group, and leads the writing when nobody does.</summary>
    private Task WriteAsync(PendingWrite pending)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            // Nobody is writing: this caller writes, itself and whoever queued meanwhile, without a thread switch.
            Lead(maxGroups: 4);
        }

        return pending.Completion.Task;
    }

    /// <summary>
    /// Writes queued commits in groups while this caller holds the writer's role. After
    /// <paramref name="maxGroups"/> groups a background task takes over, so a caller is not kept
    /// writing for others for long.
    /// </summary>
    private void Lead(int maxGroups)
    {
        var group = new List<PendingWrite>(Math.Min(_options.MaxCommandsPerTransaction, 64));
        try
        {
            for (var groups = 0; ; groups++)
            {
                if (groups >= maxGroups && !_queue.IsEmpty)
                {
                    _ = Task.Run(() => Lead(int.MaxValue));
                    return;
                }

                while (group.Count < _options.MaxCommandsPerTransaction && _queue.TryDequeue(out var pending))
                {
                    group.Add(pending);
                }

                if (group.Count > 0)
                {
                    if (!_writeTurn.Wait(0))
                    {
                        // Another write of this process has the file: the group waits for it off
                        // this caller's thread, which goes back to awaiting its own commit.
                        _ = LeadAfterTurnAsync(group);
                        return;
                    }

                    WriteAndGiveBackTurn(group);
                    group.Clear();
                    continue;
                }

                // Nothing left: step down, then look once more for a commit queued just before.
                Volatile.Write(ref _leading, 0);
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _leading, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(ex);
            }

            Volatile.Write(ref _leading, 0);
        }
    }

    /// <summary>Writes a group while holding this process's turn to write, and gives the turn back.</summary>
    private void WriteAndGiveBackTurn(List<PendingWrite> group)
    {
        try
        {
            _writer!.Write(group);
        }
        finally
        {
            _writeTurn.Release();
        }

        _checkpointer!.Written();
    }

    /// <summary>Writes a group once this process's turn to write comes, then goes on leading (the writer's role stays taken meanwhile).</summary>
    private async Task LeadAfterTurnAsync(List<PendingWrite> group)
    {
        try
        {
            await _writeTurn.WaitAsync().ConfigureAwait(false);
            WriteAndGiveBackTurn(group);
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(ex);
            }

            Volatile.Write(ref _leading, 0);
            return;
        }

        Lead(int.MaxValue);
    }
}
