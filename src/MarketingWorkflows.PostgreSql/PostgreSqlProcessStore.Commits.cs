using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Commits: each command in one transaction with a version check, in one round trip when the store holds the instance's last copy.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public async Task CommitAsync(InstanceCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        cancellationToken.ThrowIfCancellationRequested();
        var instance = commit.Instance;
        var body = StoreJson.WriteInstance(instance);
        var awaitingKey = StoreKeys.AwaitingKeyOf(instance);
        var linksKey = StoreKeys.LinksKeyOf(instance);

        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (commit is { ExpectedVersion: { } expected, Previous: { } previous })
            {
                await CommitInOneRoundTripAsync(connection, commit, previous, expected, body, awaitingKey, linksKey, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

                // First the checks that can refuse the command: its idempotency key and the version.
                // A second command with the same key waits here for the first to end, then is refused.
                if (commit.Idempotency is { } key)
                {
                    using var claim = Command(
                        connection,
                        $"INSERT INTO {_s}.mwf_commands (caller, key, fingerprint, created_at, instance_id, instance_version) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (caller, key) DO NOTHING;",
                        key.Caller,
                        key.Key,
                        key.Fingerprint,
                        key.CreatedAt.UtcTicks,
                        instance.Id,
                        instance.Version);
                    if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw new DuplicateCommandException(key.Key);
                    }
                }

                var (oldAwaiting, oldLinks) = await WriteInstanceAsync(connection, commit, body, awaitingKey, linksKey, cancellationToken).ConfigureAwait(false);

                // Then everything else in one round trip.
                using var batch = new NpgsqlBatch(connection, transaction);
                AddChanges(batch, commit, oldAwaiting, awaitingKey, oldLinks, linksKey);
                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested && Fault(ex, inDoubt: true) is { } fault)
        {
            _recent.Forget(instance.Id);
            throw fault;
        }
        catch
        {
            // Refused, or its outcome unknown: the copy at hand may be old, so the next command reads.
            _recent.Forget(instance.Id);
            throw;
        }

        _recent.RememberCommitted(instance);
        var work = (commit.Events.Count > 0 ? EventsBit : 0) | (commit.Timers is { Count: > 0 } ? TimersBit : 0);
        if (work != 0)
        {
            AnnounceWork(work);
        }
    }

    /// <summary>
    /// Commits a command whose previous row is known in a single round trip: one batch, which
    /// PostgreSQL runs as one implicit transaction. The statements that can refuse the command
    /// come first and raise an error when they do (see <c>mwf_expect</c>), which skips and rolls
    /// back the rest of the batch.
    /// </summary>
    private async Task CommitInOneRoundTripAsync(NpgsqlConnection connection, InstanceCommit commit, ProcessInstance previous, long expected, string body, string awaitingKey, string linksKey, CancellationToken cancellationToken)
    {
        var instance = commit.Instance;
        using var batch = new NpgsqlBatch(connection);
        if (commit.Idempotency is { } key)
        {
            // A second command with the same key waits here for the first to end, then is refused.
            Add(
                batch,
                $"""
                WITH claimed AS (
                    INSERT INTO {_s}.mwf_commands (caller, key, fingerprint, created_at, instance_id, instance_version) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (caller, key) DO NOTHING RETURNING 1)
                SELECT {_s}.mwf_expect(EXISTS (SELECT 1 FROM claimed), '{DuplicateKeyState}', 'the idempotency key was used before');
                """,
                key.Caller,
                key.Key,
                key.Fingerprint,
                key.CreatedAt.UtcTicks,
                instance.Id,
                instance.Version);
        }

        // The update is the version check: a concurrent command that committed first leaves it matching no row.
        Add(
            batch,
            $"""
            WITH updated AS (
                UPDATE {_s}.mwf_instances SET state = $1, version = $2, is_completed = $3, due_at = $4, body = $5, awaiting_key = $6, links_key = $7, state_entered_at = $10
                WHERE id = $8 AND version = $9 RETURNING 1)
            SELECT {_s}.mwf_expect(EXISTS (SELECT 1 FROM updated), '{VersionConflictState}', 'the instance is not at the expected version');
            """,
            UpdateValues(instance, body, awaitingKey, linksKey, expected));
        AddChanges(batch, commit, StoreKeys.AwaitingKeyOf(previous), awaitingKey, StoreKeys.LinksKeyOf(previous), linksKey);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == DuplicateKeyState)
        {
            throw new DuplicateCommandException(commit.Idempotency!.Key);
        }
        catch (PostgresException ex) when (ex.SqlState == VersionConflictState)
        {
            throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Adds what a command changes besides its instance row: the awaiting and link rows, history, timers and events.</summary>
    private void AddChanges(NpgsqlBatch batch, InstanceCommit commit, string? oldAwaiting, string awaitingKey, string? oldLinks, string linksKey)
    {
        var instance = commit.Instance;
        if (oldAwaiting != awaitingKey)
        {
            if (oldAwaiting is not null)
            {
                Add(batch, $"DELETE FROM {_s}.mwf_awaiting WHERE instance_id = $1;", instance.Id);
            }

            foreach (var (kind, names) in new[] { ("u", instance.AwaitingUsers), ("r", instance.AwaitingRoles) })
            {
                foreach (var name in names.Distinct(StringComparer.Ordinal))
                {
                    Add(batch, $"INSERT INTO {_s}.mwf_awaiting (kind, name, instance_id, created_at, is_completed) VALUES ($1, $2, $3, $4, $5);", kind, name, instance.Id, instance.CreatedAt.UtcTicks, instance.IsCompleted);
                }
            }
        }

        if (oldLinks != linksKey)
        {
            if (oldLinks is not null)
            {
                Add(batch, $"DELETE FROM {_s}.mwf_links WHERE instance_id = $1;", instance.Id);
            }

            foreach (var link in instance.Links.DistinctBy(l => (l.InstanceId, l.Relation)))
            {
                Add(batch, $"INSERT INTO {_s}.mwf_links (target_id, instance_id, relation, created_at) VALUES ($1, $2, $3, $4);", link.InstanceId, instance.Id, link.Relation, instance.CreatedAt.UtcTicks);
            }
        }

        // Each entry says when the state it was recorded in was entered (for the analytics);
        // until the commit's first change of state, from the previous instance, or else
        // looked up among the entries already stored.
        var since = HistorySince.Before(commit, out var known);
        foreach (var entry in commit.History)
        {
            var sinceSql = known ? "$22" : $"(SELECT max(s.at) FROM {_s}.mwf_history s WHERE s.instance_id = $1 AND (s.kind = 'Started' OR s.from_state <> s.to_state))";
            Add(
                batch,
                $"""
                INSERT INTO {_s}.mwf_history (instance_id, sequence, kind, trigger, decision, actor, on_behalf_of, from_state, to_state, comment,
                                              arguments, data_revision, definition_version, at, self_approval, previous_hash, hash,
                                              instance_version, data_digest, key_id, process_id, since)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, {sinceSql});
                """,
                [.. HistoryValues(entry), instance.ProcessId, .. known ? [(object?)since ?? DBNull.Value] : Array.Empty<object>()]);
            if (HistorySince.Enters(entry))
            {
                since = entry.At.UtcTicks;
                known = true;
            }
        }

        if (commit.Timers is { } timers)
        {
            Add(batch, $"DELETE FROM {_s}.mwf_timers WHERE instance_id = $1;", instance.Id);
            foreach (var timer in timers)
            {
                Add(batch, $"INSERT INTO {_s}.mwf_timers (id, instance_id, kind, state, due_at, trigger, attempts) VALUES ($1, $2, $3, $4, $5, $6, $7);", timer.Id, instance.Id, timer.Kind, timer.State, timer.DueAt.UtcTicks, Text(timer.Trigger), timer.Attempts);
            }
        }

        foreach (var e in commit.Events)
        {
            var data = MemoryMarshal.TryGetArray(e.DataUtf8, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : e.DataUtf8.ToArray();
            Add(batch, $"INSERT INTO {_s}.mwf_outbox (id, type, process_id, instance_id, instance_version, time, data) VALUES ($1, $2, $3, $4, $5, $6, $7);", e.Id, e.Type, e.ProcessId, e.InstanceId, e.InstanceVersion, e.Time.UtcTicks, data);
        }

        if (commit.Events.Count > 0)
        {
            // The instance's queue row. A claim removes it only while holding the instance
            // row's lock, which this command holds until it commits, so the row cannot be
            // removed from under these events. A row already there is seen in the statement's
            // snapshot and left alone: ON CONFLICT alone would wait for a claim or an
            // acknowledgement that has the row leased but not yet committed. A new row says the
            // instance's pending events begin at this command's first, so that a claim does not
            // read the instance's delivered events before it.
            Add(batch, $"INSERT INTO {_s}.mwf_outbox_queues (instance_id, from_seq) SELECT $1, o.seq FROM {_s}.mwf_outbox o WHERE o.id = $2 AND NOT EXISTS (SELECT 1 FROM {_s}.mwf_outbox_queues WHERE instance_id = $1) ON CONFLICT (instance_id) DO NOTHING;", instance.Id, commit.Events[0].Id);
        }
    }

    /// <summary>Writes the instance row under the version check; returns the awaiting and link keys it had (null when new).</summary>
    private async Task<(string? Awaiting, string? Links)> WriteInstanceAsync(NpgsqlConnection connection, InstanceCommit commit, string body, string awaitingKey, string linksKey, CancellationToken cancellationToken)
    {
        var instance = commit.Instance;
        if (commit.ExpectedVersion is not { } expected)
        {
            using var insert = Command(
                connection,
                $"INSERT INTO {_s}.mwf_instances (id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING;",
                instance.Id,
                instance.ProcessId,
                instance.State,
                instance.Version,
                instance.IsCompleted,
                instance.CreatedAt.UtcTicks,
                instance.DueAt is { } due ? due.UtcTicks : DBNull.Value,
                Json(body),
                awaitingKey,
                linksKey,
                instance.StateEnteredAt.UtcTicks);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new StoreConcurrencyException(instance.Id, null, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
            }

            return (null, null);
        }

        string? oldAwaiting;
        string? oldLinks;
        if (commit.Previous is { } previous)
        {
            oldAwaiting = StoreKeys.AwaitingKeyOf(previous);
            oldLinks = StoreKeys.LinksKeyOf(previous);
        }
        else
        {
            using var read = Command(connection, $"SELECT awaiting_key, links_key FROM {_s}.mwf_instances WHERE id = $1 AND version = $2 FOR UPDATE;", instance.Id, expected);
            using var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await row.DisposeAsync().ConfigureAwait(false);
                throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
            }

            oldAwaiting = row.GetString(0);
            oldLinks = row.GetString(1);
        }

        // The update is the version check: a concurrent command that committed first leaves it matching no row.
        using var update = Command(
            connection,
            $"UPDATE {_s}.mwf_instances SET state = $1, version = $2, is_completed = $3, due_at = $4, body = $5, awaiting_key = $6, links_key = $7, state_entered_at = $10 WHERE id = $8 AND version = $9;",
            UpdateValues(instance, body, awaitingKey, linksKey, expected));
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new StoreConcurrencyException(instance.Id, expected, await ReadVersionAsync(connection, instance.Id, cancellationToken).ConfigureAwait(false));
        }

        return (oldAwaiting, oldLinks);
    }

    /// <summary>The SQLSTATE <c>mwf_expect</c> raises when a command's idempotency key was used before.</summary>
    private const string DuplicateKeyState = "MW001";

    /// <summary>The SQLSTATE <c>mwf_expect</c> raises when the instance is not at the version a command expects.</summary>
    private const string VersionConflictState = "MW002";

    /// <summary>The parameters of the checked instance update, $1 to $10.</summary>
    private static object[] UpdateValues(ProcessInstance instance, string body, string awaitingKey, string linksKey, long expected) =>
    [
        instance.State,
        instance.Version,
        instance.IsCompleted,
        instance.DueAt is { } dueAt ? dueAt.UtcTicks : DBNull.Value,
        Json(body),
        awaitingKey,
        linksKey,
        instance.Id,
        expected,
        instance.StateEnteredAt.UtcTicks,
    ];

    private static object[] HistoryValues(HistoryEntry entry) =>
    [
        entry.InstanceId,
        entry.Sequence,
        entry.Kind.ToString(),
        Text(entry.Trigger),
        Text(entry.Decision),
        entry.Actor,
        Text(entry.OnBehalfOf),
        entry.FromState,
        entry.ToState,
        Text(entry.Comment),
        Text(entry.Arguments?.GetRawText()),
        entry.DataRevision,
        entry.DefinitionVersion,
        entry.At.UtcTicks,
        entry.SelfApproval,
        entry.PreviousHash,
        entry.Hash,
        (object?)entry.InstanceVersion ?? DBNull.Value,
        Text(entry.DataDigest),
        Text(entry.KeyId),
    ];
}
