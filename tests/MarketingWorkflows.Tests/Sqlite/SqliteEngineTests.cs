using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The engine on real SQLite files: durability across restarts, tamper evidence, concurrency.</summary>
public sealed class SqliteEngineTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_campaign_survives_a_restart_with_its_history_intact()
    {
        Guid id;
        {
            var engine = Engine(_database.OpenStore());
            var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
            id = instance.Id;
            await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        }

        var reopened = Engine(_database.OpenStore());
        var read = await reopened.GetAsync(id);

        read.State.Should().Be(CampaignApproval.States.BudgetReview);
        read.Version.Should().Be(2);
        (await reopened.GetHistoryAsync(id)).Should().HaveCount(2);
        (await reopened.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("comment", "'quietly changed'")]
    [InlineData("actor", "'mallory'")]
    [InlineData("to_state", "'Approved'")]
    [InlineData("at", "at + 1")]
    [InlineData("arguments", "'{\"decision\":\"approved\"}'")]
    public async Task Editing_any_past_history_row_in_the_file_is_detected(string column, string value)
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { Comment = "ready" });
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { Comment = "budget cut", Arguments = EngineHarness.Json(new { reason = "budget cut" }) });
        (await engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue();

        await _database.ExecuteAsync($"UPDATE mwf_history SET {column} = {value} WHERE instance_id = '{instance.Id}' AND sequence = 2;");

        var verification = await engine.VerifyHistoryAsync(instance.Id);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidSequence.Should().Be(2);
    }

    [Fact]
    public async Task Deleting_the_latest_history_row_is_detected()
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));

        await _database.ExecuteAsync($"DELETE FROM mwf_history WHERE instance_id = '{instance.Id}' AND sequence = 2;");

        (await engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task Thirty_two_callers_on_eight_hot_instances_through_two_stores_count_every_decision_once()
    {
        var definition = QuorumProcess.Create("""{ "approvers": [ { "role": "panel" } ], "approve": 5, "onApproved": "Done", "onRejected": "Stopped" }""");
        var engines = new[] { Engine(_database.OpenStore(), definition), Engine(_database.OpenStore(), definition) };
        var ids = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            var instance = await engines[0].StartAsync(QuorumProcess.Id, EngineHarness.Json(new { owner = "olga" }), new Actor("olga"));
            await engines[0].FireAsync(new ProcessCommand(instance.Id, "Submit", new Actor("olga")));
            ids.Add(instance.Id);
        }

        // Each caller is a different panel member; four land on each instance, through either store.
        await Task.WhenAll(Enumerable.Range(0, 32).Select(k => Task.Run(() =>
            engines[k % 2].DecideAsync(ids[k % 8], "approved", new Actor("p" + k, "panel")))));

        foreach (var id in ids)
        {
            var instance = await engines[0].GetAsync(id);
            instance.Decisions.Should().HaveCount(4).And.OnlyHaveUniqueItems(d => d.UserId);
            instance.Version.Should().Be(6);
            (await engines[1].GetHistoryAsync(id)).Should().HaveCount(6);
            (await engines[1].VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public async Task Callers_racing_on_one_version_get_one_winner_and_clear_conflicts()
    {
        var definition = QuorumProcess.Create("""{ "approvers": [ { "role": "panel" } ], "approve": 20, "onApproved": "Done", "onRejected": "Stopped" }""");
        var engines = new[] { Engine(_database.OpenStore(), definition), Engine(_database.OpenStore(), definition) };
        var instance = await engines[0].StartAsync(QuorumProcess.Id, EngineHarness.Json(new { owner = "olga" }), new Actor("olga"));
        var submitted = (await engines[0].FireAsync(new ProcessCommand(instance.Id, "Submit", new Actor("olga")))).Instance;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(k => Task.Run(async () =>
        {
            try
            {
                await engines[k % 2].DecideAsync(instance.Id, "approved", new Actor("p" + k, "panel"), expectedVersion: submitted.Version);
                return "won";
            }
            catch (ConcurrencyConflictException ex)
            {
                ex.ExpectedVersion.Should().Be(submitted.Version);
                ex.ActualVersion.Should().Be(submitted.Version + 1);
                return "conflict";
            }
        })));

        outcomes.Count(o => o == "won").Should().Be(1);
        outcomes.Count(o => o == "conflict").Should().Be(15);
        (await engines[0].GetAsync(instance.Id)).Decisions.Should().ContainSingle();
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_result_after_a_restart()
    {
        var engine = Engine(_database.OpenStore());
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var first = await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once" });

        var again = await Engine(_database.OpenStore()).FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once" });

        again.Replayed.Should().BeTrue();
        again.Instance.Version.Should().Be(first.Instance.Version);
        again.Events.Select(e => e.Type).Should().Equal(first.Events.Select(e => e.Type));
        again.Events[0].Data.GetProperty("trigger").GetString().Should().Be(CampaignApproval.Triggers.Submit);
        (await engine.GetHistoryAsync(instance.Id)).Should().HaveCount(2);
    }

    private static ProcessEngine Engine(SqliteProcessStore store, params ProcessDefinition[] extra)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Concat(extra))
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store);
    }
}
