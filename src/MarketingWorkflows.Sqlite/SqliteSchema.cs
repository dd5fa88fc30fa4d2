using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// The store's schema and its ordered migration steps. The schema version lives in the table
/// <c>mwf_schema_version</c>, one row per applied step. Migrating takes SQLite's write lock
/// first (<c>BEGIN IMMEDIATE</c>), so two processes starting at once apply each step once.
/// </summary>
internal static class SqliteSchema
{
    private const int SqliteNotADatabase = 26;
    private const int SqliteReadOnly = 8;
    private const int SqliteCantOpen = 14;

    /// <summary>The migration steps, in order; step <c>i</c> brings the schema to version <c>i + 1</c>.</summary>
    private static readonly (string Description, string Sql)[] Steps =
    [
        ("instances, history, timers, outbox, idempotency keys and delegations", """
            CREATE TABLE mwf_instances (
                id TEXT NOT NULL PRIMARY KEY,
                process_id TEXT NOT NULL,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                is_completed INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                due_at INTEGER,
                body TEXT NOT NULL);
            CREATE INDEX ix_mwf_instances_process_state ON mwf_instances (process_id, state);
            CREATE INDEX ix_mwf_instances_created ON mwf_instances (created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_due ON mwf_instances (due_at) WHERE due_at IS NOT NULL AND is_completed = 0;

            CREATE TABLE mwf_awaiting (
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                PRIMARY KEY (kind, name, instance_id)) WITHOUT ROWID;
            CREATE INDEX ix_mwf_awaiting_instance ON mwf_awaiting (instance_id);

            CREATE TABLE mwf_links (
                target_id TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                relation TEXT NOT NULL,
                PRIMARY KEY (target_id, instance_id, relation)) WITHOUT ROWID;
            CREATE INDEX ix_mwf_links_instance ON mwf_links (instance_id);

            CREATE TABLE mwf_history (
                instance_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                trigger TEXT,
                decision TEXT,
                actor TEXT NOT NULL,
                on_behalf_of TEXT,
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                comment TEXT,
                arguments TEXT,
                data_revision INTEGER NOT NULL,
                definition_version INTEGER NOT NULL,
                at INTEGER NOT NULL,
                self_approval INTEGER NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (instance_id, sequence)) WITHOUT ROWID;

            CREATE TABLE mwf_timers (
                id TEXT NOT NULL PRIMARY KEY,
                instance_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                trigger TEXT);
            CREATE INDEX ix_mwf_timers_due ON mwf_timers (due_at);
            CREATE INDEX ix_mwf_timers_instance ON mwf_timers (instance_id);

            CREATE TABLE mwf_outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                process_id TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                instance_version INTEGER NOT NULL,
                time INTEGER NOT NULL,
                data BLOB NOT NULL,
                status INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT);
            CREATE INDEX ix_mwf_outbox_status ON mwf_outbox (status, seq);

            CREATE TABLE mwf_commands (
                key TEXT NOT NULL PRIMARY KEY,
                instance_id TEXT NOT NULL,
                result TEXT NOT NULL);

            CREATE TABLE mwf_delegations (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                delegator TEXT NOT NULL,
                delegate TEXT NOT NULL,
                from_date TEXT NOT NULL,
                to_date TEXT NOT NULL,
                process_id TEXT,
                roles TEXT NOT NULL);
            CREATE INDEX ix_mwf_delegations_delegate ON mwf_delegations (delegate);
            """),
        ("retries: failed timer attempts and when an undelivered event is tried next; what the awaiting and link rows were written from", """
            ALTER TABLE mwf_timers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mwf_outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mwf_outbox ADD COLUMN delivered_at INTEGER;
            ALTER TABLE mwf_instances ADD COLUMN awaiting_key TEXT NOT NULL DEFAULT '';
            ALTER TABLE mwf_instances ADD COLUMN links_key TEXT NOT NULL DEFAULT '';
            """),
        ("\"waiting on me\" in creation order from the awaiting index alone", """
            ALTER TABLE mwf_awaiting ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mwf_awaiting ADD COLUMN is_completed INTEGER NOT NULL DEFAULT 0;
            UPDATE mwf_awaiting SET (created_at, is_completed) = (SELECT created_at, is_completed FROM mwf_instances WHERE id = mwf_awaiting.instance_id);
            CREATE INDEX ix_mwf_awaiting_created ON mwf_awaiting (kind, name, created_at DESC, instance_id DESC, is_completed);
            UPDATE mwf_instances SET awaiting_key = '';
            """),
        ("history entries say when the state they were recorded in was entered, and narrow indexes of decisions and missed deadlines (for analytics)", """
            ALTER TABLE mwf_history ADD COLUMN since INTEGER;
            UPDATE mwf_history SET since = s.since
            FROM (SELECT instance_id, sequence,
                      MAX(CASE WHEN kind = 'Started' OR from_state <> to_state THEN at END)
                          OVER (PARTITION BY instance_id ORDER BY sequence ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS since
                  FROM mwf_history) AS s
            WHERE mwf_history.instance_id = s.instance_id AND mwf_history.sequence = s.sequence AND s.since IS NOT NULL;
            CREATE INDEX ix_mwf_history_decisions ON mwf_history (instance_id, from_state, actor, since, at) WHERE kind = 'Decision';
            CREATE INDEX ix_mwf_history_breaches ON mwf_history (instance_id, since) WHERE kind = 'Deadline' AND decision = 'deadline-passed';
            """),
        ("instances say when they entered their current state, history entries name their process, and an index of the changes of state (for analytics)", """
            ALTER TABLE mwf_instances ADD COLUMN state_entered_at INTEGER NOT NULL DEFAULT 0;
            UPDATE mwf_instances SET state_entered_at = COALESCE(
                (SELECT MAX(h.at) FROM mwf_history h WHERE h.instance_id = mwf_instances.id AND h.from_state <> h.to_state), created_at);
            ALTER TABLE mwf_history ADD COLUMN process_id TEXT;
            UPDATE mwf_history SET process_id = (SELECT i.process_id FROM mwf_instances i WHERE i.id = mwf_history.instance_id);
            CREATE INDEX ix_mwf_history_changes ON mwf_history (process_id, from_state, at, instance_id, to_state, kind, trigger, since) WHERE from_state <> to_state;
            """),
        ("events are leased to the process delivering them, so several processes on one file deliver each event once", """
            ALTER TABLE mwf_outbox ADD COLUMN lease_owner TEXT;
            ALTER TABLE mwf_outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
            """),
        ("an event remembers which handlers received it before a delivery failed, so a retry goes only to the others", """
            ALTER TABLE mwf_outbox ADD COLUMN handled_by TEXT;
            """),
        ("idempotency keys belong to their caller and remember the request they stood for and when (keys recorded before this step are dropped: they named no caller or request)", """
            DROP TABLE mwf_commands;
            CREATE TABLE mwf_commands (
                caller TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                instance_id TEXT NOT NULL,
                result TEXT NOT NULL,
                PRIMARY KEY (caller, key));
            CREATE INDEX ix_mwf_commands_created ON mwf_commands (created_at);
            """),
        ("history entries record the instance's version and a digest of its data after them (32 bytes), and the key their hash is keyed with (all empty in older entries)", """
            ALTER TABLE mwf_history ADD COLUMN instance_version INTEGER;
            ALTER TABLE mwf_history ADD COLUMN data_digest BLOB;
            ALTER TABLE mwf_history ADD COLUMN key_id TEXT;
            """),
        ("a table that readiness checks write a row to and delete again, to prove a write commits", """
            CREATE TABLE IF NOT EXISTS mwf_probe (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);
            """),
        ("events by when their commands committed, for the retention worker to find the old delivered ones without reading the whole outbox (no rows change)", """
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_time ON mwf_outbox (time);
            """),
        ("instance lists in creation order from an index per process, per process and state, of the open instances, of those with a deadline, and of the links to each instance", """
            DROP INDEX IF EXISTS ix_mwf_instances_process_state;
            CREATE INDEX ix_mwf_instances_process_state ON mwf_instances (process_id, state, created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_process_created ON mwf_instances (process_id, created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_open_created ON mwf_instances (created_at DESC, id DESC) WHERE is_completed = 0;
            CREATE INDEX ix_mwf_instances_process_open ON mwf_instances (process_id, created_at DESC, id DESC) WHERE is_completed = 0;
            CREATE INDEX ix_mwf_instances_due_created ON mwf_instances (created_at DESC, id DESC) WHERE due_at IS NOT NULL;
            ALTER TABLE mwf_links ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
            UPDATE mwf_links SET created_at = COALESCE((SELECT i.created_at FROM mwf_instances i WHERE i.id = mwf_links.instance_id), 0);
            CREATE INDEX ix_mwf_links_created ON mwf_links (target_id, created_at DESC, instance_id DESC, relation);
            """),
        ("idempotency records keep the instance version their command produced instead of a copy of its result, which is read back from the instance and the outbox's events by instance and version (the events of commands with a key are marked replayable, and only those are indexed)", """
            ALTER TABLE mwf_commands ADD COLUMN instance_version INTEGER NOT NULL DEFAULT 0;
            UPDATE mwf_commands SET instance_version = json_extract(result, '$.instance.version');
            ALTER TABLE mwf_commands DROP COLUMN result;
            ALTER TABLE mwf_outbox ADD COLUMN replayable INTEGER;
            UPDATE mwf_outbox SET replayable = 1 WHERE (instance_id, instance_version) IN (SELECT instance_id, instance_version FROM mwf_commands);
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_instance_version ON mwf_outbox (instance_id, instance_version) WHERE replayable = 1;
            """),
        ("the index of instances with a deadline in creation order also holds their due time and whether they are completed, so an overdue list is filtered in the index without reading the instances it passes over", """
            DROP INDEX IF EXISTS ix_mwf_instances_due_created;
            CREATE INDEX ix_mwf_instances_due_created ON mwf_instances (created_at DESC, id DESC, due_at, is_completed) WHERE due_at IS NOT NULL;
            """),
        ("an event's delivery state leaves its row: the pending events are the rows of a small table (written with the command, deleted on delivery), the event row's status only says whether it was dead-lettered, and the status index goes", """
            CREATE TABLE IF NOT EXISTS mwf_outbox_pending (
                seq INTEGER PRIMARY KEY,
                next_attempt_at INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT,
                lease_until INTEGER NOT NULL DEFAULT 0);
            INSERT OR IGNORE INTO mwf_outbox_pending (seq, next_attempt_at, lease_owner, lease_until)
                SELECT seq, next_attempt_at, lease_owner, lease_until FROM mwf_outbox WHERE status = 0;
            UPDATE mwf_outbox SET status = 1, next_attempt_at = 0, lease_owner = NULL, lease_until = 0 WHERE status = 0;
            DROP INDEX IF EXISTS ix_mwf_outbox_status;
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_dead ON mwf_outbox (seq) WHERE status = 2;
            CREATE TRIGGER IF NOT EXISTS tr_mwf_outbox_removed AFTER DELETE ON mwf_outbox
            BEGIN
                DELETE FROM mwf_outbox_pending WHERE seq = old.seq;
            END;
            """),
    ];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentVersion => Steps.Length;

    /// <summary>
    /// Opens the database behind <paramref name="connection"/>, checks that it is ours (or
    /// empty), and brings its schema up to <see cref="CurrentVersion"/>. Changes nothing in a
    /// file that is not ours or is newer.
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, string source, DateTimeOffset now, CancellationToken cancellationToken, int? targetVersion = null)
    {
        var target = targetVersion ?? CurrentVersion;
        // Look before writing anything, even the journal mode: a file that is not ours, or is
        // newer, must be left exactly as it was.
        var found = await CurrentVersionOfAsync(connection, null, source, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(found, source);
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        if (found >= target)
        {
            return;
        }

        // Another process may be migrating too: under the write lock, look again.
        using var transaction = connection.BeginTransaction();
        var current = await CurrentVersionOfAsync(connection, transaction, source, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(current, source);
        if (current >= target)
        {
            return;
        }

        if (current == 0)
        {
            await ExecuteAsync(connection, "CREATE TABLE mwf_schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL);", cancellationToken, transaction).ConfigureAwait(false);
        }

        for (var step = current; step < target; step++)
        {
            await ExecuteAsync(connection, Steps[step].Sql, cancellationToken, transaction).ConfigureAwait(false);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO mwf_schema_version (version, applied_at, description) VALUES ($version, $at, $description);";
            record.Parameters.AddWithValue("$version", step + 1);
            record.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
            record.Parameters.AddWithValue("$description", Steps[step].Description);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the index of each data field the options name (<see cref="DataFieldIndexes"/>)
    /// that the file does not have yet, in one transaction under the write lock.
    /// </summary>
    public static async Task IndexDataFieldsAsync(SqliteConnection connection, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        var statements = string.Concat(fields.Select(field =>
            $"CREATE INDEX IF NOT EXISTS {DataFieldIndexes.IndexName(field)} ON mwf_instances ({SqliteDialect.Instance.IndexedDataField(field)}, created_at DESC, id DESC);"));
        if (statements.Length == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, statements, cancellationToken, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Settings of every connection the store keeps open: pages are read through a memory map
    /// (no system call per page once mapped), and temporary sorts stay in memory.
    /// </summary>
    public static void Tune(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The statement that makes a connection wait for another connection's write lock inside SQLite
    /// (<c>busy_timeout</c>), which retries after 1, 2, 5, 10 ms and so on. Without it,
    /// Microsoft.Data.Sqlite retries a busy statement itself, but only every 150 ms: a command that
    /// met the event dispatcher's claim (or another process's write) would wait 150 ms for a lock
    /// held for a few. The wait is bounded by the same timeout as Microsoft.Data.Sqlite's own.
    /// </summary>
    public static string WaitForLocks(TimeSpan timeout)
        => FormattableString.Invariant($"PRAGMA busy_timeout = {(long)Math.Min(Math.Ceiling(timeout.TotalMilliseconds), int.MaxValue)};");

    /// <summary>Turns SQLite's error on opening a file into a start-up error that says what to do, when it is one.</summary>
    public static bool TryExplain(SqliteException exception, string source, out StoreStartupException explained)
    {
        explained = exception.SqliteErrorCode switch
        {
            SqliteNotADatabase => new StoreStartupException($"{source} is not a SQLite database (it may be another kind of file, or encrypted). Point the connection string at a new or existing MarketingWorkflows database; the file was not changed.", exception),
            SqliteReadOnly => new StoreStartupException($"The database {source} is read-only: MarketingWorkflows needs to write to it and to create its -wal and -shm files beside it. Check the permissions of the file and its folder; the file was not changed.", exception),
            SqliteCantOpen => new StoreStartupException($"The database {source} cannot be opened or created ({exception.Message}). Check that its folder exists and is writable.", exception),
            _ => null!,
        };
        return explained is not null;
    }

    private static void ThrowIfNewer(int version, string source)
    {
        if (version > CurrentVersion)
        {
            throw new StoreStartupException($"The database {source} has schema version {version}, newer than this version of MarketingWorkflows understands ({CurrentVersion}). Upgrade the application; the file was not changed.");
        }
    }

    private static async Task<int> CurrentVersionOfAsync(SqliteConnection connection, SqliteTransaction? transaction, string source, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
            using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (!tables.Contains("mwf_schema_version"))
        {
            if (tables.Count > 0)
            {
                throw new StoreStartupException($"The database {source} already holds tables that are not MarketingWorkflows's ({string.Join(", ", tables.GetRange(0, Math.Min(5, tables.Count)))}{(tables.Count > 5 ? ", ..." : string.Empty)}). Use a file of its own; the file was not changed.");
            }

            return 0;
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT COALESCE(MAX(version), 0) FROM mwf_schema_version;";
        return Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
