using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>A file whose idempotency keys were recorded by their text alone is brought to keys of a caller and a request.</summary>
public sealed class SqliteIdempotencyMigrationTests : IAsyncLifetime
{
    private const int KeysByTextAlone = 7;
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Keys_recorded_before_the_upgrade_are_dropped_and_keys_work_per_caller_afterwards()
    {
        await using (var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await SqliteSchema.MigrateAsync(connection, _database.Path, EngineHarness.Monday, CancellationToken.None, targetVersion: KeysByTextAlone);
        }

        // As the sample host recorded them: the user's id in front of the key, and nothing about the request.
        await _database.ExecuteAsync("""
            INSERT INTO mwf_commands (key, instance_id, result)
            VALUES ('ana:k1', '0195f000-0000-7000-8000-000000000001', '{"instance":{"id":"0195f000-0000-7000-8000-000000000001"},"events":[]}');
            """);

        var store = _database.OpenStore();
        await store.InitializeAsync();

        (await _database.ScalarAsync("SELECT description FROM mwf_schema_version WHERE version = 8;")).Should().BeOfType<string>().Which.Should().Contain("idempotency keys belong to their caller");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_commands;")).Should().Be(0L);
        (await _database.ScalarAsync("SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('mwf_commands') ORDER BY cid);")).Should().Be("caller,key,fingerprint,created_at,instance_id,instance_version");
        (await store.FindCommandAsync("ana", "k1")).Should().BeNull();
        (await store.FindCommandAsync(string.Empty, "ana:k1")).Should().BeNull();

        var engine = Engine(store);
        var first = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
        var again = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
        var bens = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000, owner: "ben").ToJson(), new Actor("ben", "marketer"), idempotencyKey: "k1");

        again.Id.Should().Be(first.Id);
        bens.Id.Should().NotBe(first.Id);
        var recorded = await store.FindCommandAsync("ana", "k1");
        recorded!.Record.CreatedAt.Should().Be(EngineHarness.Monday);
        recorded.Record.Fingerprint.Should().StartWith("start:");
        (recorded.InstanceId, recorded.InstanceVersion).Should().Be((first.Id, first.Version));
    }

    private static ProcessEngine Engine(SqliteProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, timeProvider: new ManualClock(EngineHarness.Monday));
    }
}
