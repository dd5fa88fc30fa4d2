using System.Text;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Tests.Engine;
using MarketingWorkflows.Tests.PostgreSql;
using MarketingWorkflows.Tests.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// A database whose idempotency records each hold a copy of their command's result (the instance
/// and its events as JSON) is brought to records that hold the instance and version the command
/// produced: the copy goes, and a key recorded before the upgrade still replays after it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CompactIdempotencyMigrationTests(PostgresServer server) : IAsyncDisposable
{
    private const string Step = "idempotency records keep the instance version%";
    private const string CompactColumns = "caller,key,fingerprint,created_at,instance_id,instance_version";
    /// <summary>
    /// Takes a SQLite file back to idempotency records with a copy of their result, as the schema was
    /// before the step (its records are dropped): for tests that take a file back to an older schema.
    /// </summary>
    internal const string SqliteRecordsWithCopies = """
        DROP INDEX ix_mwf_outbox_instance_version;
        ALTER TABLE mwf_outbox DROP COLUMN replayable;
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

        """;

    private readonly TempDatabase _database = new();

    /// <summary>Takes a PostgreSQL schema back to idempotency records with a copy of their result, as <see cref="SqliteRecordsWithCopies"/> does a file.</summary>
    internal static string PostgreSqlRecordsWithCopies(string schema) => $"""
        DROP TABLE {schema}.mwf_commands;
        CREATE TABLE {schema}.mwf_commands (
            caller text NOT NULL,
            key text NOT NULL,
            fingerprint text NOT NULL,
            created_at bigint NOT NULL,
            instance_id uuid NOT NULL,
            result text NOT NULL,
            PRIMARY KEY (caller, key));
        CREATE INDEX ix_mwf_commands_created ON {schema}.mwf_commands (created_at);

        """;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Keys_recorded_with_a_copy_of_their_result_still_replay_after_a_sqlite_upgrade()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        var before = await RunAsync(store);
        await store.DisposeAsync();

        // The file as the version before the step left it: each record with the result's JSON, and the outbox without its index of instance and version.
        var step = await _database.ScalarAsync($"SELECT version FROM mwf_schema_version WHERE description LIKE '{Step}'");
        await _database.ExecuteAsync(SqliteRecordsWithCopies + $"DELETE FROM mwf_schema_version WHERE version >= {step};");
        await using (var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var (record, result) in before.Records)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO mwf_commands (caller, key, fingerprint, created_at, instance_id, result) VALUES ($caller, $key, $fingerprint, $created, $id, $result);";
                insert.Parameters.AddWithValue("$caller", record.Caller);
                insert.Parameters.AddWithValue("$key", record.Key);
                insert.Parameters.AddWithValue("$fingerprint", record.Fingerprint);
                insert.Parameters.AddWithValue("$created", record.CreatedAt.UtcTicks);
                insert.Parameters.AddWithValue("$id", result.Instance.Id.ToString("D"));
                insert.Parameters.AddWithValue("$result", ResultCopy(result));
                await insert.ExecuteNonQueryAsync();
            }
        }

        var upgraded = _database.OpenStore();
        await upgraded.InitializeAsync();

        (await _database.ScalarAsync("SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('mwf_commands') ORDER BY cid);")).Should().Be(CompactColumns);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_mwf_outbox_instance_version'")).Should().Be(1L);
        await ReplaysAsync(upgraded, before);
    }

    [Fact]
    public async Task Keys_recorded_with_a_copy_of_their_result_still_replay_after_a_postgresql_upgrade()
    {
        var schema = PostgresServer.NewSchema();
        var store = server.OpenStore(schema);
        await store.InitializeAsync();
        var before = await RunAsync(store);
        await store.DisposeAsync();

        var step = await server.ScalarAsync($"SELECT version FROM {schema}.mwf_schema_version WHERE description LIKE '{Step}'");
        await server.ScalarAsync(PostgreSqlRecordsWithCopies(schema) + $"DELETE FROM {schema}.mwf_schema_version WHERE version >= {step};");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var (record, result) in before.Records)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO {schema}.mwf_commands (caller, key, fingerprint, created_at, instance_id, result) VALUES ($1, $2, $3, $4, $5, $6);", connection);
                foreach (var value in new object[] { record.Caller, record.Key, record.Fingerprint, record.CreatedAt.UtcTicks, result.Instance.Id, ResultCopy(result) })
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                await insert.ExecuteNonQueryAsync();
            }
        }

        var upgraded = server.OpenStore(schema);
        await using (upgraded)
        {
            await upgraded.InitializeAsync();

            (await server.ScalarAsync($"SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'mwf_commands'")).Should().Be(CompactColumns);
            (await server.ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{schema}' AND indexname = 'ix_mwf_outbox_instance'")).Should().Be(1L, "the index by instance and order serves a version's events");
            await ReplaysAsync(upgraded, before);
        }
    }

    /// <summary>Starts a campaign and submits it, each with a key, then approves it without one, so the instance moves on past the keyed commands.</summary>
    private static async Task<Before> RunAsync(IProcessStore store)
    {
        using var engine = Engine(store);
        var started = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
        var submitted = await engine.FireAsync(new ProcessCommand(started.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k2" });
        var approved = await engine.DecideAsync(started.Id, "approved", EngineHarness.Fiona);
        var start = new CommandResult(started, await store.GetEventsAsync(started.Id, started.Version));
        return new Before(
            [((await store.FindCommandAsync("ana", "k1"))!.Record, start), ((await store.FindCommandAsync("ana", "k2"))!.Record, submitted)],
            submitted,
            approved.Instance);
    }

    private static async Task ReplaysAsync(IProcessStore upgraded, Before before)
    {
        var submitted = before.Submitted;
        (await upgraded.FindCommandAsync("ana", "k2")).Should().Be(new RecordedCommand(before.Records[1].Record, submitted.Instance.Id, submitted.Instance.Version));
        (await upgraded.FindCommandAsync("ana", "k1"))!.InstanceVersion.Should().Be(before.Records[0].Result.Instance.Version);

        using var engine = Engine(upgraded);
        var again = await engine.FireAsync(new ProcessCommand(submitted.Instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k2" });
        var startedAgain = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");

        again.Replayed.Should().BeTrue();
        (again.Instance.Version, again.Instance.State).Should().Be((before.Now.Version, before.Now.State));
        again.Events.Should().NotBeEmpty().And.Equal(submitted.Events);
        startedAgain.Id.Should().Be(submitted.Instance.Id);
        (await upgraded.GetAsync(submitted.Instance.Id))!.Version.Should().Be(before.Now.Version, "a replay changes nothing");
    }

    /// <summary>The result as records held it before the upgrade: the instance and its events as JSON.</summary>
    private static string ResultCopy(CommandResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("instance");
            json.WriteRawValue(StoreJson.WriteInstance(result.Instance));
            json.WriteStartArray("events");
            foreach (var e in result.Events)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("type", e.Type);
                json.WriteString("processId", e.ProcessId);
                json.WriteString("instanceId", e.InstanceId);
                json.WriteNumber("instanceVersion", e.InstanceVersion);
                json.WriteString("time", e.Time);
                json.WritePropertyName("data");
                e.Data.WriteTo(json);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ProcessEngine Engine(IProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, timeProvider: new ManualClock(EngineHarness.Monday));
    }

    /// <summary>What the commands did before the upgrade: each key's record with its result, the submit's result, and the instance at the end.</summary>
    private sealed record Before(IReadOnlyList<(IdempotencyRecord Record, CommandResult Result)> Records, CommandResult Submitted, ProcessInstance Now);
}
