using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>
/// The store's tables in their schema, created and migrated by ordered steps recorded in
/// <c>mwf_schema_version</c>. Every host runs the migration at start-up inside one transaction
/// that holds an advisory lock, so hosts starting together apply each step once.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The migration steps, in order; step <c>i</c> brings the schema to version <c>i + 1</c>. <c>{s}</c> is the schema.</summary>
    private static readonly (string Description, string Sql)[] Steps =
    [
        ("instances, history, timers, outbox with leases, idempotency keys and delegations", """
            CREATE TABLE {s}.mwf_instances (
                id uuid PRIMARY KEY,
                process_id text NOT NULL,
                state text NOT NULL,
                version bigint NOT NULL,
                is_completed boolean NOT NULL,
                created_at bigint NOT NULL,
                due_at bigint,
                body json NOT NULL,
                awaiting_key text NOT NULL,
                links_key text NOT NULL);
            CREATE INDEX ix_mwf_instances_process_state ON {s}.mwf_instances (process_id, state);
            CREATE INDEX ix_mwf_instances_created ON {s}.mwf_instances (created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_due ON {s}.mwf_instances (due_at) WHERE due_at IS NOT NULL AND NOT is_completed;

            CREATE TABLE {s}.mwf_awaiting (
                kind text NOT NULL,
                name text NOT NULL,
                instance_id uuid NOT NULL,
                created_at bigint NOT NULL,
                is_completed boolean NOT NULL,
                PRIMARY KEY (kind, name, instance_id));
            CREATE INDEX ix_mwf_awaiting_instance ON {s}.mwf_awaiting (instance_id);
            CREATE INDEX ix_mwf_awaiting_created ON {s}.mwf_awaiting (kind, name, created_at DESC, instance_id DESC) INCLUDE (is_completed);

            CREATE TABLE {s}.mwf_links (
                target_id uuid NOT NULL,
                instance_id uuid NOT NULL,
                relation text NOT NULL,
                PRIMARY KEY (target_id, instance_id, relation));
            CREATE INDEX ix_mwf_links_instance ON {s}.mwf_links (instance_id);

            CREATE TABLE {s}.mwf_history (
                instance_id uuid NOT NULL,
                sequence bigint NOT NULL,
                kind text NOT NULL,
                trigger text,
                decision text,
                actor text NOT NULL,
                on_behalf_of text,
                from_state text NOT NULL,
                to_state text NOT NULL,
                comment text,
                arguments text,
                data_revision bigint NOT NULL,
                definition_version integer NOT NULL,
                at bigint NOT NULL,
                self_approval boolean NOT NULL,
                previous_hash text NOT NULL,
                hash text NOT NULL,
                PRIMARY KEY (instance_id, sequence));

            CREATE TABLE {s}.mwf_timers (
                id uuid PRIMARY KEY,
                instance_id uuid NOT NULL,
                kind text NOT NULL,
                state text NOT NULL,
                due_at bigint NOT NULL,
                trigger text,
                attempts integer NOT NULL DEFAULT 0,
                lease_owner uuid,
                lease_until bigint NOT NULL DEFAULT 0);
            CREATE INDEX ix_mwf_timers_due ON {s}.mwf_timers (due_at);
            CREATE INDEX ix_mwf_timers_instance ON {s}.mwf_timers (instance_id);

            CREATE TABLE {s}.mwf_outbox (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id uuid NOT NULL UNIQUE,
                type text NOT NULL,
                process_id text NOT NULL,
                instance_id uuid NOT NULL,
                instance_version bigint NOT NULL,
                time bigint NOT NULL,
                data bytea NOT NULL,
                status smallint NOT NULL DEFAULT 0,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at bigint NOT NULL DEFAULT 0,
                delivered_at bigint,
                last_error text,
                lease_owner uuid,
                lease_until bigint NOT NULL DEFAULT 0);
            CREATE INDEX ix_mwf_outbox_status ON {s}.mwf_outbox (status, seq);
            CREATE INDEX ix_mwf_outbox_pending ON {s}.mwf_outbox (instance_id, seq) WHERE status = 0;

            CREATE TABLE {s}.mwf_commands (
                key text PRIMARY KEY,
                instance_id uuid NOT NULL,
                result text NOT NULL);

            CREATE TABLE {s}.mwf_delegations (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                delegator text NOT NULL,
                delegate text NOT NULL,
                from_date date NOT NULL,
                to_date date NOT NULL,
                process_id text,
                roles text[] NOT NULL);
            CREATE INDEX ix_mwf_delegations_delegate ON {s}.mwf_delegations (delegate);
            """),
        ("a queue row per instance with pending events, claimed per instance", """
            CREATE TABLE {s}.mwf_outbox_queues (
                instance_id uuid PRIMARY KEY,
                ord bigint GENERATED ALWAYS AS IDENTITY,
                lease_owner uuid,
                lease_until bigint NOT NULL DEFAULT 0);
            INSERT INTO {s}.mwf_outbox_queues (instance_id)
                SELECT instance_id FROM {s}.mwf_outbox WHERE status = 0 GROUP BY instance_id ORDER BY min(seq);
            """),
        ("history entries say when the state they were recorded in was entered, and narrow indexes of decisions and missed deadlines (for analytics)", """
            ALTER TABLE {s}.mwf_history ADD COLUMN since bigint;
            UPDATE {s}.mwf_history AS h SET since = w.since
            FROM (SELECT instance_id, sequence,
                      max(CASE WHEN kind = 'Started' OR from_state <> to_state THEN at END)
                          OVER (PARTITION BY instance_id ORDER BY sequence ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS since
                  FROM {s}.mwf_history) AS w
            WHERE h.instance_id = w.instance_id AND h.sequence = w.sequence AND w.since IS NOT NULL;
            CREATE INDEX ix_mwf_history_decisions ON {s}.mwf_history (instance_id, from_state, actor, since, at) WHERE kind = 'Decision';
            CREATE INDEX ix_mwf_history_breaches ON {s}.mwf_history (instance_id, since) WHERE kind = 'Deadline' AND decision = 'deadline-passed';
            """),
        ("instances say when they entered their current state and keep their data as jsonb; history entries name their process, with an index of the changes of state (for analytics)", """
            ALTER TABLE {s}.mwf_instances ADD COLUMN state_entered_at bigint NOT NULL DEFAULT 0;
            UPDATE {s}.mwf_instances AS i SET state_entered_at = COALESCE(
                (SELECT max(h.at) FROM {s}.mwf_history h WHERE h.instance_id = i.id AND h.from_state <> h.to_state), i.created_at);
            ALTER TABLE {s}.mwf_instances ADD COLUMN data jsonb GENERATED ALWAYS AS ((body::jsonb) -> 'data') STORED;
            ALTER TABLE {s}.mwf_history ADD COLUMN process_id text;
            UPDATE {s}.mwf_history AS h SET process_id = i.process_id FROM {s}.mwf_instances i WHERE i.id = h.instance_id;
            CREATE INDEX ix_mwf_history_changes ON {s}.mwf_history (process_id, from_state, at, instance_id, to_state, kind, trigger, since) WHERE from_state <> to_state;
            """),
        ("an event remembers which handlers received it before a delivery failed, so a retry goes only to the others", """
            ALTER TABLE {s}.mwf_outbox ADD COLUMN handled_by text[];
            """),
        ("a check that refuses a command inside its own statements, so a command commits in one round trip", """
            CREATE OR REPLACE FUNCTION {s}.mwf_expect(ok boolean, code text, message text) RETURNS void LANGUAGE plpgsql AS
            $$ BEGIN IF NOT ok THEN RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message; END IF; END $$;
            """),
        ("idempotency keys belong to their caller and remember the request they stood for and when (keys recorded before this step are dropped: they named no caller or request)", """
            DROP TABLE {s}.mwf_commands;
            CREATE TABLE {s}.mwf_commands (
                caller text NOT NULL,
                key text NOT NULL,
                fingerprint text NOT NULL,
                created_at bigint NOT NULL,
                instance_id uuid NOT NULL,
                result text NOT NULL,
                PRIMARY KEY (caller, key));
            CREATE INDEX ix_mwf_commands_created ON {s}.mwf_commands (created_at);
            """),
        ("history entries record the instance's version and a digest of its data after them, and the key their hash is keyed with (all empty in older entries)", """
            ALTER TABLE {s}.mwf_history ADD COLUMN instance_version bigint, ADD COLUMN data_digest text, ADD COLUMN key_id text;
            """),
        ("a table that readiness checks write a row to and delete again, to prove a write commits", """
            CREATE TABLE IF NOT EXISTS {s}.mwf_probe (id bigint PRIMARY KEY, filler bytea NOT NULL);
            """),
        ("delivered events by when their commands committed, for the retention worker to remove the old ones without reading the pending and dead-lettered ones", """
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_delivered ON {s}.mwf_outbox (time) WHERE status = 1;
            """),
        ("instance lists in creation order from an index per process, per process and state, of the open instances, of those with a deadline, and of the links to each instance", """
            DROP INDEX IF EXISTS {s}.ix_mwf_instances_process_state;
            CREATE INDEX ix_mwf_instances_process_state ON {s}.mwf_instances (process_id, state, created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_process_created ON {s}.mwf_instances (process_id, created_at DESC, id DESC);
            CREATE INDEX ix_mwf_instances_open_created ON {s}.mwf_instances (created_at DESC, id DESC) WHERE NOT is_completed;
            CREATE INDEX ix_mwf_instances_process_open ON {s}.mwf_instances (process_id, created_at DESC, id DESC) WHERE NOT is_completed;
            CREATE INDEX ix_mwf_instances_due_created ON {s}.mwf_instances (created_at DESC, id DESC) WHERE due_at IS NOT NULL;
            ALTER TABLE {s}.mwf_links ADD COLUMN created_at bigint NOT NULL DEFAULT 0;
            UPDATE {s}.mwf_links AS l SET created_at = i.created_at FROM {s}.mwf_instances i WHERE i.id = l.instance_id;
            CREATE INDEX ix_mwf_links_created ON {s}.mwf_links (target_id, created_at DESC, instance_id DESC, relation);
            CREATE STATISTICS {s}.st_mwf_instances_state (dependencies, mcv) ON process_id, state, is_completed FROM {s}.mwf_instances;
            """),
        ("idempotency records keep the instance version their command produced instead of a copy of its result, which is read back from the instance and the outbox's events of that instance and version (through the outbox's index by instance and order)", """
            ALTER TABLE {s}.mwf_commands ADD COLUMN instance_version bigint;
            UPDATE {s}.mwf_commands SET instance_version = (result::jsonb #>> '{instance,version}')::bigint;
            ALTER TABLE {s}.mwf_commands ALTER COLUMN instance_version SET NOT NULL, DROP COLUMN result;
            """),
        ("acknowledging an event changes no indexed column, so PostgreSQL writes it as a heap-only (HOT) update: the outbox is indexed by instance and order, by time and by a dead-letter flag instead of by status, each queue row remembers where its instance's undelivered events begin, and both tables leave half of each page for new row versions", """
            ALTER TABLE {s}.mwf_outbox SET (fillfactor = 50);
            ALTER TABLE {s}.mwf_outbox_queues SET (fillfactor = 50);
            ALTER TABLE {s}.mwf_outbox_queues ADD COLUMN IF NOT EXISTS from_seq bigint NOT NULL DEFAULT 0;
            UPDATE {s}.mwf_outbox_queues AS q SET from_seq = coalesce(
                (SELECT min(o.seq) FROM {s}.mwf_outbox o WHERE o.instance_id = q.instance_id AND o.status = 0), 0);
            ALTER TABLE {s}.mwf_outbox ADD COLUMN IF NOT EXISTS dead_lettered boolean GENERATED ALWAYS AS (status = 2) STORED;
            DROP INDEX IF EXISTS {s}.ix_mwf_outbox_status;
            DROP INDEX IF EXISTS {s}.ix_mwf_outbox_pending;
            DROP INDEX IF EXISTS {s}.ix_mwf_outbox_delivered;
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_instance ON {s}.mwf_outbox (instance_id, seq);
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_time ON {s}.mwf_outbox (time);
            CREATE INDEX IF NOT EXISTS ix_mwf_outbox_dead_lettered ON {s}.mwf_outbox (seq) WHERE dead_lettered;
            """),
    ];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentVersion => Steps.Length;

    /// <summary>
    /// Creates the schema or brings it up to date. One transaction holds an advisory lock named
    /// after the schema for the whole check, so hosts starting at once wait for each other. Tests
    /// stop at <paramref name="targetVersion"/> to make a schema as an older version left it.
    /// </summary>
    public static async Task MigrateAsync(NpgsqlConnection connection, string schema, DateTimeOffset now, CancellationToken cancellationToken, int? targetVersion = null)
    {
        var target = targetVersion ?? CurrentVersion;
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext($1));", cancellationToken, schema + ".mwf_migrations").ConfigureAwait(false);

        var installed = await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'mwf_schema_version';", cancellationToken, schema).ConfigureAwait(false);
        var version = 0L;
        if (installed == 0)
        {
            var ours = await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'mwf\\_%';", cancellationToken, schema).ConfigureAwait(false);
            if (ours > 0)
            {
                throw new StoreStartupException($"The schema '{schema}' holds tables named mwf_… but no mwf_schema_version table: it was not created by MarketingWorkflows, or by a version this one cannot read. Use another schema (PostgreSqlStoreOptions.Schema) or an empty database; nothing was changed.");
            }

            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE {schema}.mwf_schema_version (version integer PRIMARY KEY, applied_at bigint NOT NULL, description text NOT NULL);", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            version = await ScalarAsync(connection, $"SELECT coalesce(max(version), 0) FROM {schema}.mwf_schema_version;", cancellationToken).ConfigureAwait(false);
        }

        if (version > CurrentVersion)
        {
            throw new StoreStartupException($"The schema '{schema}' is at version {version.ToString(CultureInfo.InvariantCulture)}, newer than this MarketingWorkflows (version {CurrentVersion.ToString(CultureInfo.InvariantCulture)}): upgrade the package on this host; nothing was changed.");
        }

        for (var step = (int)version; step < target; step++)
        {
            await ExecuteAsync(connection, Steps[step].Sql.Replace("{s}", schema, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {schema}.mwf_schema_version (version, applied_at, description) VALUES ($1, $2, $3);", cancellationToken, step + 1, now.UtcTicks, Steps[step].Description).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the index of each data field the options name (<see cref="DataFieldIndexes"/>)
    /// that the schema does not have yet, under the same advisory lock as the migration, so hosts
    /// starting at once do not build one twice.
    /// </summary>
    public static async Task IndexDataFieldsAsync(NpgsqlConnection connection, string schema, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        var dialect = new PostgreSqlDialect(schema);
        var statements = string.Concat(fields.Select(field =>
            $"CREATE INDEX IF NOT EXISTS {DataFieldIndexes.IndexName(field)} ON {schema}.mwf_instances ({dialect.IndexedDataField(field)}, created_at DESC, id DESC);"));
        if (statements.Length == 0)
        {
            return;
        }

        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext($1));", cancellationToken, schema + ".mwf_migrations").ConfigureAwait(false);
        await ExecuteAsync(connection, statements, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns a failure to reach or use the database at start-up into a <see cref="StoreStartupException"/> that says what to check.</summary>
    public static StoreStartupException Explain(NpgsqlException exception, string where)
        => exception switch
        {
            PostgresException { SqlState: "3D000" } e => new StoreStartupException($"The PostgreSQL database of {where} does not exist ({e.MessageText}); create it first (createdb) or correct the connection string; nothing was changed.", exception),
            PostgresException { SqlState: "28P01" or "28000" } e => new StoreStartupException($"PostgreSQL at {where} refused the login ({e.MessageText}); check the user name and password in the connection string.", exception),
            PostgresException { SqlState: "42501" } e => new StoreStartupException($"The PostgreSQL user of {where} may not create or change the store's schema ({e.MessageText}); grant it CREATE on the database or create the schema for it; nothing was changed.", exception),
            PostgresException e => new StoreStartupException($"PostgreSQL at {where} refused the store's start-up ({e.SqlState}: {e.MessageText}); nothing was changed.", exception),
            _ => new StoreStartupException($"PostgreSQL at {where} cannot be reached ({exception.Message}); check that the server runs and the host and port in the connection string.", exception),
        };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
