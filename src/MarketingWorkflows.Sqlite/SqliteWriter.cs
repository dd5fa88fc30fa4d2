using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>A commit waiting for the writer, and how the caller learns its outcome.</summary>
internal sealed class PendingCommit : PendingWrite
{
    /// <summary>Prepares a commit: everything that can be worked out before the writer's turn is, on the caller's thread.</summary>
    public PendingCommit(InstanceCommit commit)
    {
        Commit = commit;
        var instance = commit.Instance;
        Body = StoreJson.WriteInstance(instance);
        AwaitingKey = StoreKeys.AwaitingKeyOf(instance);
        LinksKey = StoreKeys.LinksKeyOf(instance);
    }

    public InstanceCommit Commit { get; }

    public string Body { get; }

    public string AwaitingKey { get; }

    public string LinksKey { get; }
}

/// <summary>
/// The one connection that writes. It commits a group of commands in one transaction; a
/// refused command (version conflict, repeated idempotency key) is refused before it writes
/// anything, so the others still commit, and an unexpected failure sends each command of the
/// group to a transaction of its own. A fault of the file (full, read-only, locked out) fails
/// the whole group with the store's typed error instead: it is not one command's doing, and
/// each alone would meet it again. Nobody is told their command succeeded before the
/// transaction holding it has committed. The event dispatcher's acknowledgements and claims
/// are written in the same groups (see <see cref="PendingWrite"/>); a group of nothing else
/// commits without waiting for the disk, as they did on their own.
/// </summary>
internal sealed partial class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Func<SqliteException, StoreUnavailableException?> _fault;
    private readonly string _synchronous;
    private readonly SqliteCommand _insertInstance;
    private readonly SqliteCommand _readVersion;

    // The instance row's update, one statement per set of indexed columns it changes (see InstanceUpdate).
    private readonly SqliteCommand?[] _updates = new SqliteCommand?[2 * ((int)IndexedColumns.All + 1)];

    private readonly SqliteCommand _findKey;
    private readonly SqliteCommand _deleteAwaiting;
    private readonly SqliteCommand _insertAwaiting;
    private readonly SqliteCommand _deleteLinks;
    private readonly SqliteCommand _insertLink;
    private readonly SqliteCommand _insertHistory;
    private readonly SqliteCommand _readSince;
    private readonly SqliteCommand _deleteTimers;
    private readonly SqliteCommand _insertTimer;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertPending;
    private readonly SqliteCommand _insertKey;
    private readonly SqliteCommand[] _all;
    private SqliteTransaction? _transaction;

    /// <summary>Prepares the writer's statements on its connection.</summary>
    /// <param name="connection">The open connection it writes through.</param>
    /// <param name="fault">Turns a fault of the file into the store's typed error.</param>
    /// <param name="synchronous">The connection's <c>synchronous</c> setting, which commands commit with.</param>
    public SqliteWriter(SqliteConnection connection, Func<SqliteException, StoreUnavailableException?> fault, string synchronous)
    {
        _connection = connection;
        _fault = fault;
        _synchronous = synchronous;
        _insertInstance = Command(
            "INSERT INTO mwf_instances (id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at) VALUES ($id, $process, $state, $version, $completed, $created, $due, $body, $awaitingKey, $linksKey, $entered) ON CONFLICT (id) DO NOTHING;",
            "$id", "$process", "$state", "$version", "$completed", "$created", "$due", "$body", "$awaitingKey", "$linksKey", "$entered");

        _readVersion = Command("SELECT version, awaiting_key, links_key, state, is_completed, due_at FROM mwf_instances WHERE id = $id;", "$id");

        _findKey = Command("SELECT 1 FROM mwf_commands WHERE caller = $caller AND key = $key;", "$caller", "$key");
        _deleteAwaiting = Command("DELETE FROM mwf_awaiting WHERE instance_id = $id;", "$id");
        _insertAwaiting = Command("INSERT OR IGNORE INTO mwf_awaiting (kind, name, instance_id, created_at, is_completed) VALUES ($kind, $name, $id, $created, $completed);", "$kind", "$name", "$id", "$created", "$completed");
        _deleteLinks = Command("DELETE FROM mwf_links WHERE instance_id = $id;", "$id");
        _insertLink = Command("INSERT OR IGNORE INTO mwf_links (target_id, instance_id, relation, created_at) VALUES ($target, $id, $relation, $created);", "$target", "$id", "$relation", "$created");
        _insertHistory = Command(
            """
            INSERT INTO mwf_history (instance_id, sequence, kind, trigger, decision, actor, on_behalf_of, from_state, to_state, comment,
                                     arguments, data_revision, definition_version, at, self_approval, previous_hash, hash, since, process_id,
                                     instance_version, data_digest, key_id)
            VALUES ($id, $sequence, $kind, $trigger, $decision, $actor, $onBehalfOf, $from, $to, $comment,
                    $arguments, $dataRevision, $definitionVersion, $at, $selfApproval, $previousHash, $hash, $since, $process,
                    $instanceVersion, $dataDigest, $keyId);
            """,
            "$id", "$sequence", "$kind", "$trigger", "$decision", "$actor", "$onBehalfOf", "$from", "$to", "$comment",
            "$arguments", "$dataRevision", "$definitionVersion", "$at", "$selfApproval", "$previousHash", "$hash", "$since", "$process",
            "$instanceVersion", "$dataDigest", "$keyId");
        _readSince = Command("SELECT MAX(at) FROM mwf_history WHERE instance_id = $id AND (kind = 'Started' OR from_state <> to_state);", "$id");
        _deleteTimers = Command("DELETE FROM mwf_timers WHERE instance_id = $id;", "$id");
        _insertTimer = Command("INSERT INTO mwf_timers (id, instance_id, kind, state, due_at, trigger, attempts) VALUES ($timer, $id, $kind, $state, $due, $trigger, $attempts);", "$timer", "$id", "$kind", "$state", "$due", "$trigger", "$attempts");
        // The event row is written once and never updated on delivery: whether it is pending is a
        // row of the small pending table (status 1 only says it is not dead-lettered). Only the
        // events of a command with an idempotency key are marked replayable, and only those enter
        // the index by instance and version that a replay reads: a command without a key writes
        // no entry there (an entry per event cost about a third of a page per command).
        _insertEvent = Command(
            "INSERT INTO mwf_outbox (id, type, process_id, instance_id, instance_version, time, data, status, replayable) VALUES ($event, $type, $process, $id, $version, $time, $data, 1, $replayable);",
            "$event", "$type", "$process", "$id", "$version", "$time", "$data", "$replayable");
        _insertPending = Command("INSERT OR REPLACE INTO mwf_outbox_pending (seq) VALUES (last_insert_rowid());");
        _insertKey = Command(
            "INSERT INTO mwf_commands (caller, key, fingerprint, created_at, instance_id, instance_version) VALUES ($caller, $key, $fingerprint, $created, $id, $version);",
            "$caller", "$key", "$fingerprint", "$created", "$id", "$version");
        _all = [_insertInstance, _readVersion, _findKey, _deleteAwaiting, _insertAwaiting, _deleteLinks, _insertLink, _insertHistory, _readSince, _deleteTimers, _insertTimer, _insertEvent, _insertPending, _insertKey, .. OutboxCommands()];
    }

    /// <summary>Gets the connection the writer writes through.</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>Gets how many transactions the writer has committed or tried.</summary>
    public long Transactions { get; private set; }

    /// <summary>Gets how many commands those transactions held.</summary>
    public long Commands { get; private set; }

    /// <summary>Gets how long the writer has spent writing, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long BusyTicks { get; private set; }

    /// <summary>Commits a group; each write's outcome goes to its caller.</summary>
    public void Write(List<PendingWrite> group)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            WriteGroup(group);
        }
        finally
        {
            BusyTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        }
    }

    private void WriteGroup(List<PendingWrite> group)
    {
        var commands = group.Count(w => w is PendingCommit);
        if (commands > 0)
        {
            Transactions++;
            Commands += commands;
        }

        var outcomes = new Exception?[group.Count];
        var failedAsGroup = false;
        SqliteTransaction? transaction = null;

        // Bookkeeping alone commits without an fsync of its own: one lost in a crash means an
        // event delivered again, which at-least-once delivery allows.
        using var relaxed = new UnsyncedCommits(_connection, _synchronous, relax: commands == 0);
        try
        {
            transaction = _connection.BeginTransaction();
            _transaction = transaction;
            foreach (var command in _all)
            {
                command.Transaction = transaction;
            }

            for (var i = 0; i < group.Count; i++)
            {
                try
                {
                    switch (group[i])
                    {
                        case PendingCommit commit:
                            Apply(commit);
                            break;
                        case PendingAcknowledgement acknowledgement:
                            Acknowledge(acknowledgement);
                            break;
                        case PendingClaim claim:
                            Claim(claim);
                            break;
                    }
                }
                catch (Exception ex) when (ex is StoreConcurrencyException or DuplicateCommandException)
                {
                    // Refused before it wrote anything (see Apply): the others go on.
                    outcomes[i] = ex;
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            failedAsGroup = true;
            try
            {
                transaction?.Rollback();
            }
            catch (SqliteException)
            {
                // SQLite may have rolled the transaction back itself; nothing of it was committed either way.
            }

            if (ex is SqliteException sqlite && _fault(sqlite) is { } fault)
            {
                if (commands > 0 && commands < group.Count)
                {
                    // The commands learn the cause; the dispatcher's bookkeeping, which deletes
                    // more than it adds, goes again alone (a full file may still take it).
                    transaction?.Dispose();
                    transaction = null;
                    foreach (var pending in group)
                    {
                        if (pending is PendingCommit)
                        {
                            pending.Completion.TrySetException(fault);
                        }
                    }

                    WriteGroup([.. group.Where(w => w is not PendingCommit)]);
                    return;
                }

                // The group was rolled back as a whole: every command in it learns the cause, and none was applied.
                Array.Fill(outcomes, fault);
            }
            else if (group.Count > 1)
            {
                // One command's unexpected failure must not fail the others: try each alone.
                transaction?.Dispose();
                transaction = null;
                foreach (var pending in group)
                {
                    WriteGroup([pending]);
                }

                return;
            }

            outcomes[0] ??= ex;
        }
        finally
        {
            transaction?.Dispose();
            _transaction = null;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i] is { } error)
            {
                group[i].Completion.TrySetException(error);
            }
            else if (!failedAsGroup)
            {
                group[i].Completion.TrySetResult();
            }
        }
    }

    public void Dispose()
    {
        foreach (var command in _all)
        {
            command.Dispose();
        }

        foreach (var command in _updates)
        {
            command?.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>
    /// Writes one command. Every check that can refuse it — a repeated idempotency key, the
    /// version — runs before its first write, so a refused command leaves nothing behind in the
    /// group's transaction. Any other failure fails the group, whose commands are then written
    /// one transaction each.
    /// </summary>
    private void Apply(PendingCommit pending)
    {
        var commit = pending.Commit;
        var instance = commit.Instance;
        var id = SqliteProcessStore.Key(instance.Id);
        if (commit.Idempotency is { } key)
        {
            _findKey.Parameters[0].Value = key.Caller;
            _findKey.Parameters[1].Value = key.Key;
            if (_findKey.ExecuteScalar() is not null)
            {
                throw new DuplicateCommandException(key.Key);
            }
        }

        string? awaitingKey;
        string? linksKey;
        if (commit.Previous is { } previous && commit.ExpectedVersion is { } expected)
        {
            // One statement: the update is the version check; the row is read only on a conflict.
            // The row in the file is the one the command was decided from (its version says so).
            var update = InstanceUpdate(Changed(previous.State, previous.IsCompleted, previous.DueAt?.UtcTicks, instance), versionChecked: true);
            BindRow(update.Parameters, id, pending);
            update.Parameters["$expected"].Value = expected;
            if (update.ExecuteNonQuery() == 0)
            {
                _readVersion.Parameters[0].Value = id;
                throw new StoreConcurrencyException(instance.Id, expected, _readVersion.ExecuteScalar() is long actual ? actual : null);
            }

            awaitingKey = StoreKeys.AwaitingKeyOf(previous);
            linksKey = StoreKeys.LinksKeyOf(previous);
        }
        else
        {
            (awaitingKey, linksKey) = WriteRow(pending);
        }

        if (awaitingKey != pending.AwaitingKey)
        {
            if (awaitingKey is not null)
            {
                _deleteAwaiting.Parameters[0].Value = id;
                _deleteAwaiting.ExecuteNonQuery();
            }

            InsertAwaiting(id, "u", instance.AwaitingUsers, instance);
            InsertAwaiting(id, "r", instance.AwaitingRoles, instance);
        }

        if (linksKey != pending.LinksKey)
        {
            if (linksKey is not null)
            {
                _deleteLinks.Parameters[0].Value = id;
                _deleteLinks.ExecuteNonQuery();
            }

            foreach (var link in instance.Links)
            {
                _insertLink.Parameters[0].Value = SqliteProcessStore.Key(link.InstanceId);
                _insertLink.Parameters[1].Value = id;
                _insertLink.Parameters[2].Value = link.Relation;
                _insertLink.Parameters[3].Value = instance.CreatedAt.UtcTicks;
                _insertLink.ExecuteNonQuery();
            }
        }

        var since = HistorySince.Before(commit, out var known);
        if (!known && commit.History.Count > 0)
        {
            _readSince.Parameters[0].Value = id;
            since = _readSince.ExecuteScalar() is long found ? found : null;
        }

        foreach (var entry in commit.History)
        {
            var h = _insertHistory.Parameters;
            h[0].Value = SqliteProcessStore.Key(entry.InstanceId);
            h[1].Value = entry.Sequence;
            h[2].Value = entry.Kind.ToString();
            h[3].Value = (object?)entry.Trigger ?? DBNull.Value;
            h[4].Value = (object?)entry.Decision ?? DBNull.Value;
            h[5].Value = entry.Actor;
            h[6].Value = (object?)entry.OnBehalfOf ?? DBNull.Value;
            h[7].Value = entry.FromState;
            h[8].Value = entry.ToState;
            h[9].Value = (object?)entry.Comment ?? DBNull.Value;
            h[10].Value = entry.Arguments is { } arguments ? arguments.GetRawText() : DBNull.Value;
            h[11].Value = entry.DataRevision;
            h[12].Value = entry.DefinitionVersion;
            h[13].Value = entry.At.UtcTicks;
            h[14].Value = entry.SelfApproval ? 1 : 0;
            h[15].Value = entry.PreviousHash;
            h[16].Value = entry.Hash;
            h[17].Value = (object?)since ?? DBNull.Value;
            h[18].Value = commit.Instance.ProcessId;
            h[19].Value = (object?)entry.InstanceVersion ?? DBNull.Value;
            // The digest goes in as its 32 bytes: history rows are the bulk of what a command writes.
            h[20].Value = entry.DataDigest is { } digest ? Convert.FromHexString(digest) : DBNull.Value;
            h[21].Value = (object?)entry.KeyId ?? DBNull.Value;
            _insertHistory.ExecuteNonQuery();
            if (HistorySince.Enters(entry))
            {
                since = entry.At.UtcTicks;
            }
        }

        if (commit.Timers is { } timers)
        {
            _deleteTimers.Parameters[0].Value = id;
            _deleteTimers.ExecuteNonQuery();
            foreach (var timer in timers)
            {
                var t = _insertTimer.Parameters;
                t[0].Value = SqliteProcessStore.Key(timer.Id);
                t[1].Value = id;
                t[2].Value = timer.Kind;
                t[3].Value = timer.State;
                t[4].Value = timer.DueAt.UtcTicks;
                t[5].Value = (object?)timer.Trigger ?? DBNull.Value;
                t[6].Value = timer.Attempts;
                _insertTimer.ExecuteNonQuery();
            }
        }

        foreach (var e in commit.Events)
        {
            var v = _insertEvent.Parameters;
            v[0].Value = SqliteProcessStore.Key(e.Id);
            v[1].Value = e.Type;
            v[2].Value = e.ProcessId;
            v[3].Value = SqliteProcessStore.Key(e.InstanceId);
            v[4].Value = e.InstanceVersion;
            v[5].Value = e.Time.UtcTicks;
            v[6].Value = MemoryMarshal.TryGetArray(e.DataUtf8, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : e.DataUtf8.ToArray();
            v[7].Value = commit.Idempotency is null ? DBNull.Value : 1;
            _insertEvent.ExecuteNonQuery();
            _insertPending.ExecuteNonQuery();
        }

        if (commit.Idempotency is { } newKey)
        {
            var k = _insertKey.Parameters;
            k[0].Value = newKey.Caller;
            k[1].Value = newKey.Key;
            k[2].Value = newKey.Fingerprint;
            k[3].Value = newKey.CreatedAt.UtcTicks;
            k[4].Value = id;
            k[5].Value = instance.Version;
            _insertKey.ExecuteNonQuery();
        }
    }

    /// <summary>Checks the version by reading the row, then inserts or updates it; returns the keys the row had.</summary>
    private (string? AwaitingKey, string? LinksKey) WriteRow(PendingCommit pending)
    {
        // The writer holds SQLite's write lock for the whole transaction, so reading the row's
        // version and then writing it is the version check.
        var commit = pending.Commit;
        var instance = commit.Instance;
        var id = SqliteProcessStore.Key(instance.Id);
        string? awaitingKey = null;
        string? linksKey = null;
        var changed = IndexedColumns.All;
        _readVersion.Parameters[0].Value = id;
        using (var row = _readVersion.ExecuteReader())
        {
            long? actual = null;
            if (row.Read())
            {
                actual = row.GetInt64(0);
                awaitingKey = row.GetString(1);
                linksKey = row.GetString(2);
                changed = Changed(row.GetString(3), row.GetInt64(4) != 0, row.IsDBNull(5) ? null : row.GetInt64(5), instance);
            }

            if (actual != commit.ExpectedVersion)
            {
                throw new StoreConcurrencyException(instance.Id, commit.ExpectedVersion, actual);
            }
        }

        var target = commit.ExpectedVersion is null ? _insertInstance : InstanceUpdate(changed, versionChecked: false);
        var p = target.Parameters;
        BindRow(p, id, pending);
        if (commit.ExpectedVersion is null)
        {
            p["$process"].Value = instance.ProcessId;
            p["$created"].Value = instance.CreatedAt.UtcTicks;
        }

        if (target.ExecuteNonQuery() == 0)
        {
            throw new StoreConcurrencyException(instance.Id, commit.ExpectedVersion, null);
        }

        return (awaitingKey, linksKey);
    }

    private static void BindRow(SqliteParameterCollection p, string id, PendingCommit pending)
    {
        var instance = pending.Commit.Instance;
        p["$id"].Value = id;
        p["$state"].Value = instance.State;
        p["$version"].Value = instance.Version;
        p["$completed"].Value = instance.IsCompleted ? 1 : 0;
        p["$due"].Value = instance.DueAt is { } due ? due.UtcTicks : DBNull.Value;
        p["$body"].Value = pending.Body;
        p["$awaitingKey"].Value = pending.AwaitingKey;
        p["$linksKey"].Value = pending.LinksKey;
        p["$entered"].Value = instance.StateEnteredAt.UtcTicks;
    }

    private void InsertAwaiting(string id, string kind, IReadOnlyList<string> names, ProcessInstance instance)
    {
        _insertAwaiting.Parameters[3].Value = instance.CreatedAt.UtcTicks;
        _insertAwaiting.Parameters[4].Value = instance.IsCompleted ? 1 : 0;
        foreach (var name in names)
        {
            _insertAwaiting.Parameters[0].Value = kind;
            _insertAwaiting.Parameters[1].Value = name;
            _insertAwaiting.Parameters[2].Value = id;
            _insertAwaiting.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
