using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using MarketingWorkflows.Tests.Engine.Migrations;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// Migrating running instances to a later definition version, through each store's ordinary
/// commit: instances move with a history entry, an event and re-planned timers; a dry run and a
/// refused instance change nothing; a command that commits first wins cleanly. Run on every store.
/// </summary>
public abstract class MigrationContract
{
    private static readonly Actor Alex = new("alex", "process-admin");

    private readonly ManualClock _clock = new(EngineHarness.Monday);
    private readonly ProcessDefinitionRegistry _registry = CampaignVersions.Registry(CampaignVersions.V2(), CampaignVersions.V3());

    /// <summary>Opens a store on the test's database; a database store opens a fresh one, which has kept nothing.</summary>
    protected abstract IProcessStore OpenStore();

    private static MigrationPlan ToV2 => new(CampaignApproval.ProcessId, 1, 2, dataDefaults: new Dictionary<string, JsonNode?> { ["brandGuide"] = "2026 brand book" });

    [Fact]
    public async Task Open_instances_move_to_the_later_version_with_a_history_entry_an_event_and_their_timers_replanned()
    {
        var engine = Engine();
        var draft = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(5_000).ToJson(), EngineHarness.Ana, version: 1);
        var inReview = await SubmittedAsync(engine, 20_000);
        var cancelled = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(5_000).ToJson(), EngineHarness.Ana, version: 1);
        await engine.FireAsync(new ProcessCommand(cancelled.Id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { Comment = "budget gone", Arguments = EngineHarness.Json(new { reason = "budget gone" }) });
        _clock.Advance(TimeSpan.FromHours(1));

        var report = await Engine().MigrateAsync(ToV2, Alex);

        report.DryRun.Should().BeFalse();
        // Both started at the same moment, so either may be listed first.
        report.Instances.Select(i => (i.InstanceId, i.FromState, i.ToState, i.Outcome)).Should().BeEquivalentTo(new[] {
            (draft.Id, CampaignApproval.States.Draft, CampaignApproval.States.Draft, MigrationOutcome.Migrated),
            (inReview.Id, CampaignApproval.States.BudgetReview, CampaignApproval.States.BudgetReview, MigrationOutcome.Migrated) });
        var fresh = Engine();
        var moved = await fresh.GetAsync(inReview.Id);
        moved.DefinitionVersion.Should().Be(2);
        moved.State.Should().Be(CampaignApproval.States.BudgetReview);
        moved.Data.GetProperty("brandGuide").GetString().Should().Be("2026 brand book");
        moved.StateEnteredAt.Should().Be(EngineHarness.Monday, "the instance has waited in the budget review since Monday");
        var thursday = EngineHarness.Monday.AddDays(3);
        moved.DueAt.Should().Be(thursday, "version 2 gives the budget review three business days from when it was entered");
        report.Instances.Single(i => i.InstanceId == inReview.Id).DueAt.Should().Be(thursday);
        report.Instances.Single(i => i.InstanceId == inReview.Id).InstanceVersion.Should().Be(moved.Version);
        var timers = await OpenStore().GetTimersAsync(inReview.Id);
        timers.Select(t => (t.Kind, t.DueAt)).Should().BeEquivalentTo(new[] { ("deadline", thursday), ("reminder", thursday.AddHours(-4)), ("reminder", thursday.AddDays(1)) });
        (await fresh.GetAsync(cancelled.Id)).DefinitionVersion.Should().Be(1, "a finished instance keeps the version it finished on");

        var history = await fresh.GetHistoryAsync(inReview.Id);
        var entry = history[^1];
        entry.Kind.Should().Be(HistoryKind.Migrated);
        entry.Actor.Should().Be("alex");
        entry.DefinitionVersion.Should().Be(2);
        (entry.FromState, entry.ToState).Should().Be((CampaignApproval.States.BudgetReview, CampaignApproval.States.BudgetReview));
        entry.Arguments!.Value.GetProperty("fromVersion").GetInt32().Should().Be(1);
        entry.Arguments!.Value.GetProperty("toVersion").GetInt32().Should().Be(2);
        entry.Arguments!.Value.GetProperty("states").GetProperty(CampaignApproval.States.BudgetReview).GetString().Should().Be(CampaignApproval.States.BudgetReview);
        foreach (var id in new[] { draft.Id, inReview.Id, cancelled.Id })
        {
            (await fresh.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }

        var events = (await OpenStore().GetPendingEventsAsync(100)).Where(e => e.Type == ProcessEvent.TypeOf(CampaignApproval.ProcessId, ProcessEventTypes.Migrated)).ToList();
        events.Select(e => e.InstanceId).Should().BeEquivalentTo([draft.Id, inReview.Id]);
        var data = events.Single(e => e.InstanceId == inReview.Id).Data;
        (data.GetProperty("fromVersion").GetInt32(), data.GetProperty("toVersion").GetInt32(), data.GetProperty("actor").GetString()).Should().Be((1, 2, "alex"));

        // Commands now follow version 2: the budget approval leads to the new brand review.
        (await fresh.DecideAsync(inReview.Id, "approved", EngineHarness.Fiona)).Instance.State.Should().Be("BrandReview");
        (await fresh.VerifyHistoryAsync(inReview.Id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_dry_run_says_what_would_happen_and_changes_nothing()
    {
        var engine = Engine();
        var inReview = await SubmittedAsync(engine, 20_000);
        var store = OpenStore();
        var before = await store.GetAsync(inReview.Id);
        var timersBefore = await store.GetTimersAsync(inReview.Id);
        var eventsBefore = (await store.GetPendingEventsAsync(100)).Count;

        var report = await Engine().MigrateAsync(ToV2, Alex, dryRun: true);

        report.DryRun.Should().BeTrue();
        var planned = report.Instances.Should().ContainSingle().Which;
        planned.Outcome.Should().Be(MigrationOutcome.WouldMigrate);
        planned.ToState.Should().Be(CampaignApproval.States.BudgetReview);
        planned.DueAt.Should().Be(EngineHarness.Monday.AddDays(3));
        planned.Notes.Should().Contain(n => n.Contains("brandGuide", StringComparison.Ordinal) && n.Contains("plan's default", StringComparison.Ordinal));
        planned.Notes.Should().Contain(n => n.StartsWith("deadline re-planned", StringComparison.Ordinal));
        planned.Notes.Should().Contain(n => n.Contains("approval 'BudgetReview' stays open", StringComparison.Ordinal));
        var after = await OpenStore().GetAsync(inReview.Id);
        after.Should().BeEquivalentTo(before, o => o.Excluding(i => i!.Data));
        after!.Data.GetRawText().Should().Be(before!.Data.GetRawText());
        (await OpenStore().GetTimersAsync(inReview.Id)).Should().BeEquivalentTo(timersBefore);
        (await OpenStore().GetPendingEventsAsync(100)).Should().HaveCount(eventsBefore);
        (await OpenStore().GetHistoryAsync(inReview.Id)).Should().HaveCount((int)before.HistoryCount);
    }

    [Fact]
    public async Task An_instance_that_cannot_move_is_reported_with_its_reasons_and_left_untouched_while_the_others_move()
    {
        var engine = Engine();
        var fits = await SubmittedAsync(engine, 20_000);
        var tooMany = await engine.StartAsync(CampaignApproval.ProcessId, (EngineHarness.Campaign(5_000) with { ExpectedLeads = 5_000 }).ToJson(), EngineHarness.Ana, version: 1);
        var before = await OpenStore().GetAsync(tooMany.Id);

        var report = await Engine().MigrateAsync(ToV2, Alex);

        report.Instances.Single(i => i.InstanceId == fits.Id).Outcome.Should().Be(MigrationOutcome.Migrated);
        var refused = report.Instances.Single(i => i.InstanceId == tooMany.Id);
        refused.Outcome.Should().Be(MigrationOutcome.Refused);
        refused.Reasons.Should().ContainSingle(r => r.Contains("expectedLeads", StringComparison.Ordinal));
        var after = await OpenStore().GetAsync(tooMany.Id);
        (after!.DefinitionVersion, after.Version, after.HistoryCount, after.HistoryHead).Should().Be((1, before!.Version, before.HistoryCount, before.HistoryHead));
        (await Engine().VerifyHistoryAsync(tooMany.Id)).IsValid.Should().BeTrue();
        (report.Moved, report.Refused).Should().Be((1, 1));
    }

    [Fact]
    public async Task A_plan_that_does_not_fit_is_refused_with_every_problem_and_changes_nothing()
    {
        var engine = Engine();
        var inReview = await SubmittedAsync(engine, 20_000);
        var before = await OpenStore().GetAsync(inReview.Id);
        var plan = new MigrationPlan(
            CampaignApproval.ProcessId,
            1,
            3,
            new Dictionary<string, string> { ["Nowhere"] = CampaignApproval.States.Draft, [CampaignApproval.States.Draft] = "Gone", [CampaignApproval.States.Approved] = CampaignApproval.States.Completed },
            new Dictionary<string, JsonNode?> { ["colour"] = "red", ["expectedLeads"] = "many" });

        var migrate = () => Engine().MigrateAsync(plan, Alex);

        var problems = (await migrate.Should().ThrowAsync<MigrationPlanException>()).Which.Problems;
        problems.Select(p => p.Path).Should().BeEquivalentTo(
            "states.Nowhere", "states.Draft", "states.Approved", "states.BudgetReview", "dataDefaults.colour", "dataDefaults.expectedLeads", "dataDefaults.brandGuide");
        problems.Single(p => p.Path == "states.BudgetReview").Message.Should().Contain("1 open instance is in 'BudgetReview'").And.Contain("FinanceReview");
        problems.Single(p => p.Path == "states.Approved").Message.Should().Contain("final state");
        problems.Single(p => p.Path == "dataDefaults.expectedLeads").Message.Should().Contain("number");
        (await OpenStore().GetAsync(inReview.Id)).Should().BeEquivalentTo(before, o => o.Excluding(i => i!.Data));
    }

    [Fact]
    public async Task A_command_that_commits_while_an_instance_is_migrated_wins_and_the_instance_is_reported_untouched()
    {
        var engine = Engine();
        var inReview = await SubmittedAsync(engine, 20_000);
        var other = Engine();
        var racing = CommitHook.Wrap(
            OpenStore(),
            commit => commit.History.Any(e => e.Kind == HistoryKind.Migrated),
            () => other.FireAsync(new ProcessCommand(inReview.Id, CampaignApproval.Triggers.Withdraw, EngineHarness.Ana)));

        var report = await new ProcessEngine(_registry, racing, timeProvider: _clock).MigrateAsync(ToV2, Alex);

        var refused = report.Instances.Should().ContainSingle().Which;
        refused.Outcome.Should().Be(MigrationOutcome.Refused);
        refused.Reasons.Should().ContainSingle().Which.Should().Contain("another command changed it");
        var after = await Engine().GetAsync(inReview.Id);
        (after.State, after.DefinitionVersion).Should().Be((CampaignApproval.States.Draft, 1), "the withdrawal committed first and the migration left the instance as it made it");
        (await Engine().GetHistoryAsync(inReview.Id)).Should().NotContain(e => e.Kind == HistoryKind.Migrated);
        (await Engine().VerifyHistoryAsync(inReview.Id)).IsValid.Should().BeTrue();

        // Run again, the instance moves from where the command left it.
        (await Engine().MigrateAsync(ToV2, Alex)).Instances.Should().ContainSingle().Which.Outcome.Should().Be(MigrationOutcome.Migrated);
    }

    [Fact]
    public async Task A_migration_that_commits_first_makes_a_command_read_before_it_conflict()
    {
        var engine = Engine();
        var inReview = await SubmittedAsync(engine, 20_000);
        var seen = await Engine().GetAsync(inReview.Id);

        await Engine().MigrateAsync(ToV2, Alex);

        var decide = () => Engine().DecideAsync(inReview.Id, "approved", EngineHarness.Fiona, expectedVersion: seen.Version);
        (await decide.Should().ThrowAsync<ConcurrencyConflictException>()).Which.InstanceId.Should().Be(inReview.Id);
        var instance = await Engine().GetAsync(inReview.Id);
        (instance.State, instance.DefinitionVersion).Should().Be((CampaignApproval.States.BudgetReview, 2));
        (await Engine().VerifyHistoryAsync(inReview.Id)).IsValid.Should().BeTrue();
    }

    private ProcessEngine Engine() => new(_registry, OpenStore(), timeProvider: _clock);

    private static async Task<ProcessInstance> SubmittedAsync(ProcessEngine engine, decimal budget)
    {
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(budget).ToJson(), EngineHarness.Ana, version: 1);
        return (await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana))).Instance;
    }
}
