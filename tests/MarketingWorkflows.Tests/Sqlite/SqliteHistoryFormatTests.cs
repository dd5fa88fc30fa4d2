using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// A file written before history entries recorded the instance after them: its entries keep their
/// hashes and verify, its rows are checked against what those entries record, and new entries
/// continue the chain in the newer format.
/// </summary>
public sealed class SqliteHistoryFormatTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly ManualClock _clock = new(EngineHarness.Monday);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Entries_from_the_older_schema_verify_and_the_chain_continues_in_the_newer_format()
    {
        var id = await OlderFileAsync();

        var engine = Engine();
        var history = await engine.GetHistoryAsync(id);
        history.Should().HaveCount(3).And.OnlyContain(e => e.DataDigest == null && e.InstanceVersion == null && e.KeyId == null);
        (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();

        // A fresh engine reads the row, checks it against the older last entry, and appends a newer one.
        var scheduled = await Engine().FireAsync(Schedule(id));

        scheduled.Instance.State.Should().Be(CampaignApproval.States.Scheduled);
        var continued = await Engine().GetHistoryAsync(id);
        continued[^1].DataDigest.Should().NotBeNull();
        continued[^1].InstanceVersion.Should().Be(4);
        (await Engine().VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_state_forged_over_an_entry_from_the_older_schema_is_refused()
    {
        var id = await OlderFileAsync();

        await _database.ExecuteAsync($"UPDATE mwf_instances SET state = 'Scheduled', body = json_set(body, '$.state', 'Scheduled') WHERE id = '{id}';");

        var cancel = () => Engine().FireAsync(Cancel(id));
        (await cancel.Should().ThrowAsync<InstanceIntegrityException>()).Which.Field.Should().Be("state");
        (await Engine().VerifyHistoryAsync(id)).Field.Should().Be("state");
    }

    [Fact]
    public async Task An_entry_passed_off_as_the_older_format_after_a_newer_one_is_detected()
    {
        var id = await OlderFileAsync();
        await Engine().FireAsync(Schedule(id));
        await Engine().FireAsync(Cancel(id));

        // The newest entry rewritten without its version and digest, so the row would not be
        // checked against them, still linked to the entry before it.
        var history = await Engine().GetHistoryAsync(id);
        var passedOff = history[4] with { InstanceVersion = null, DataDigest = null };
        passedOff = passedOff with { Hash = OldHistoryFormat.Hash(passedOff) };
        await _database.ExecuteAsync($"""
            UPDATE mwf_history SET instance_version = NULL, data_digest = NULL, hash = '{passedOff.Hash}' WHERE instance_id = '{id}' AND sequence = 5;
            UPDATE mwf_instances SET body = json_set(body, '$.historyHead', '{passedOff.Hash}') WHERE id = '{id}';
            """);

        var verification = await Engine().VerifyHistoryAsync(id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(5);
        verification.Field.Should().Be("dataDigest");
    }

    /// <summary>A campaign approved on a file whose history table and entries are as the older schema wrote them.</summary>
    private async Task<Guid> OlderFileAsync()
    {
        var engine = Engine();
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { Comment = "ready" });
        await engine.DecideAsync(campaign.Id, "approved", EngineHarness.Fiona, comment: "fine");
        var old = OldHistoryFormat.Rewrite(await engine.GetHistoryAsync(campaign.Id));
        foreach (var e in old)
        {
            await _database.ExecuteAsync($"UPDATE mwf_history SET previous_hash = '{e.PreviousHash}', hash = '{e.Hash}' WHERE instance_id = '{campaign.Id}' AND sequence = {e.Sequence};");
        }

        await _database.ExecuteAsync(Storage.CompactIdempotencyMigrationTests.SqliteRecordsWithCopies + $"""
            UPDATE mwf_instances SET body = json_set(body, '$.historyHead', '{old[^1].Hash}') WHERE id = '{campaign.Id}';
            ALTER TABLE mwf_history DROP COLUMN instance_version;
            ALTER TABLE mwf_history DROP COLUMN data_digest;
            ALTER TABLE mwf_history DROP COLUMN key_id;
            DROP INDEX ix_mwf_instances_process_created; DROP INDEX ix_mwf_instances_open_created; DROP INDEX ix_mwf_instances_process_open; DROP INDEX ix_mwf_instances_due_created;
            DROP INDEX ix_mwf_links_created; ALTER TABLE mwf_links DROP COLUMN created_at;
            DELETE FROM mwf_schema_version WHERE version >= 9;
            """);
        return campaign.Id;
    }

    private static ProcessCommand Cancel(Guid id)
        => new(id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { Comment = "budget cut", Arguments = EngineHarness.Json(new { reason = "budget cut" }) };

    private static ProcessCommand Schedule(Guid id)
        => new(id, CampaignApproval.Triggers.Schedule, EngineHarness.Ana) { Arguments = EngineHarness.Json(new { launchAt = EngineHarness.Monday.AddDays(30) }) };

    private ProcessEngine Engine()
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, _database.OpenStore(), timeProvider: _clock);
    }
}
