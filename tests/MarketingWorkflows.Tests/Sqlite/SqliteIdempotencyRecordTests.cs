using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// An idempotency record on a SQLite file is a small row: the key, the request's fingerprint, when,
/// and the instance and version the command produced. The result is read back when a key is sent
/// again, the events through the outbox's index of instance and version.
/// </summary>
public sealed class SqliteIdempotencyRecordTests : IAsyncDisposable
{
    private readonly TempDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_record_holds_a_reference_to_the_result_and_no_copy_of_it()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        using var engine = Engine(store);
        var started = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var submitted = await engine.FireAsync(new ProcessCommand(started.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-1", Comment = new string('c', 2_000) });

        (await _database.ScalarAsync("SELECT group_concat(name) FROM (SELECT name FROM pragma_table_info('mwf_commands') ORDER BY cid);"))
            .Should().Be("caller,key,fingerprint,created_at,instance_id,instance_version");
        (await _database.ScalarAsync("SELECT instance_id || ' ' || instance_version FROM mwf_commands WHERE caller = 'ana' AND key = 'submit-1'"))
            .Should().Be($"{started.Id:D} {submitted.Instance.Version}");
        var stored = (long)(await _database.ScalarAsync("SELECT SUM(length(caller) + length(key) + length(fingerprint) + length(instance_id) + 16) FROM mwf_commands"))!;
        var instance = (long)(await _database.ScalarAsync($"SELECT length(body) FROM mwf_instances WHERE id = '{started.Id:D}'"))!;
        stored.Should().BeLessThan(200, "the record keeps the key, a fingerprint and a reference");
        instance.Should().BeGreaterThan(stored, "a copy of the result would hold the instance at least");
    }

    [Fact]
    public async Task Only_the_events_of_a_command_with_a_key_enter_the_index_a_replay_reads()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        using var engine = Engine(store);
        var started = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var submitted = await engine.FireAsync(new ProcessCommand(started.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-1" });
        await engine.FireAsync(new ProcessCommand(started.Id, CampaignApproval.Triggers.Withdraw, EngineHarness.Ana));

        submitted.Events.Should().NotBeEmpty();
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_outbox")).Should().Be((long)(await store.GetPendingEventsAsync(100)).Count);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_outbox INDEXED BY ix_mwf_outbox_instance_version WHERE replayable = 1"))
            .Should().Be((long)submitted.Events.Count, "the start and the withdrawal had no key, so their events are not in the index");
        (await store.GetEventsAsync(started.Id, submitted.Instance.Version)).Select(e => e.Id).Should().Equal(submitted.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task The_events_of_a_version_are_read_through_the_outbox_index_of_instance_and_version()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();

        await using var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        await using var plan = connection.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN SELECT id, type, process_id, time, data FROM mwf_outbox WHERE instance_id = $id AND instance_version = $version AND replayable = 1 ORDER BY seq;";
        plan.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("D"));
        plan.Parameters.AddWithValue("$version", 2L);
        var details = new List<string>();
        await using (var reader = await plan.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }
        }

        details.Should().ContainSingle().Which.Should().Contain("USING INDEX ix_mwf_outbox_instance_version (instance_id=? AND instance_version=?)");
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
}
