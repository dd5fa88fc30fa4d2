using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Engine;
using Npgsql;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>A schema whose idempotency keys were recorded by their text alone is brought to keys of a caller and a request.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlIdempotencyMigrationTests(PostgresServer server)
{
    private const int KeysByTextAlone = 6;

    [Fact]
    public async Task Keys_recorded_before_the_upgrade_are_dropped_and_keys_work_per_caller_afterwards()
    {
        var schema = PostgresServer.NewSchema();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await PostgreSqlSchema.MigrateAsync(connection, schema, EngineHarness.Monday, CancellationToken.None, targetVersion: KeysByTextAlone);
        }

        // As the sample host recorded them: the user's id in front of the key, and nothing about the request.
        await server.ScalarAsync($$"""
            INSERT INTO {{schema}}.mwf_commands (key, instance_id, result)
            VALUES ('ana:k1', '0195f000-0000-7000-8000-000000000001', '{"instance":{"id":"0195f000-0000-7000-8000-000000000001"},"events":[]}');
            """);

        var store = server.OpenStore(schema);
        await using (store)
        {
            await store.InitializeAsync();

            (await server.ScalarAsync($"SELECT description FROM {schema}.mwf_schema_version WHERE version = 7")).Should().BeOfType<string>().Which.Should().Contain("idempotency keys belong to their caller");
            (await server.ScalarAsync($"SELECT count(*) FROM {schema}.mwf_commands")).Should().Be(0L);
            (await server.ScalarAsync($"SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = 'mwf_commands'"))
                .Should().Be("caller,key,fingerprint,created_at,instance_id,instance_version");
            (await store.FindCommandAsync("ana", "k1")).Should().BeNull();

            var engine = Engine(store);
            var first = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
            var again = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
            var bens = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000, owner: "ben").ToJson(), new Actor("ben", "marketer"), idempotencyKey: "k1");
            var submitted = await engine.FireAsync(new ProcessCommand(first.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k2" });
            var resubmitted = await engine.FireAsync(new ProcessCommand(first.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k2" });

            again.Id.Should().Be(first.Id);
            bens.Id.Should().NotBe(first.Id);
            (resubmitted.Replayed, resubmitted.Instance.Version).Should().Be((true, submitted.Instance.Version));
            var recorded = await store.FindCommandAsync("ana", "k1");
            recorded!.Record.CreatedAt.Should().Be(EngineHarness.Monday);
            recorded.Record.Fingerprint.Should().StartWith("start:");
        }
    }

    private static ProcessEngine Engine(PostgreSqlProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, timeProvider: new ManualClock(EngineHarness.Monday));
    }
}
