using System.Text.Json.Nodes;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine.Migrations;

/// <summary>What a migrated instance looks like: its open approval and votes, its deadline, and states that changed names.</summary>
public sealed class MigrationDecisionTests
{
    private static readonly Actor Alex = new("alex", "process-admin");

    [Fact]
    public async Task Votes_recorded_in_a_stage_whose_approvers_and_rules_are_unchanged_are_kept()
    {
        var h = new EngineHarness(CampaignVersions.V2());
        var id = await InExecutiveApprovalWithTheCmosVoteAsync(h);

        var report = await h.Engine.MigrateAsync(Plan(), Alex);

        report.Instances.Single().Notes.Should().Contain("approval 'ExecutiveApproval' stays open in round 1, 1 recorded vote kept: its approvers and rules are unchanged");
        var migrated = await h.Engine.GetAsync(id);
        migrated.Decisions.Select(d => d.UserId).Should().Equal("cora");
        migrated.AwaitingUsers.Should().Equal("mike");
        (await h.Engine.DecideAsync(id, "approved", Mike)).Instance.State.Should().Be(CampaignApproval.States.Approved, "the kept vote and the manager's make the stage's 'all'");
    }

    [Fact]
    public async Task Votes_recorded_in_a_stage_whose_approvers_changed_are_dropped_and_listed_in_the_history()
    {
        var h = new EngineHarness(CampaignVersions.V2(root =>
        {
            var executive = root["states"]!.AsArray().First(s => (string?)s!["name"] == CampaignApproval.States.ExecutiveApproval)!;
            executive["approval"]!["approvers"]!.AsArray().Add(JsonNode.Parse("""{ "role": "cfo" }"""));
        }));
        var id = await InExecutiveApprovalWithTheCmosVoteAsync(h);

        var report = await h.Engine.MigrateAsync(Plan(), Alex);

        report.Instances.Single().Notes.Should().Contain(n => n.StartsWith("1 recorded vote in 'ExecutiveApproval' dropped (the approvers or rules of 'ExecutiveApproval' changed in version 2)", StringComparison.Ordinal));
        var migrated = await h.Engine.GetAsync(id);
        migrated.Decisions.Should().BeEmpty();
        migrated.AwaitingRoles.Should().Contain(["cmo", "cfo"]);
        var entry = (await h.Engine.GetHistoryAsync(id))[^1];
        entry.Arguments!.Value.GetProperty("droppedVotes")[0].GetProperty("user").GetString().Should().Be("cora");
        (await h.Engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task A_deadline_that_passed_before_the_migration_does_not_fire_again()
    {
        var h = new EngineHarness(CampaignVersions.V2(root =>
            root["states"]!.AsArray().First(s => (string?)s!["name"] == CampaignApproval.States.BudgetReview)!["deadline"]!["businessDays"] = 1));
        var id = await SubmittedAsync(h, 20_000);
        h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        foreach (var timer in (await h.Store.GetTimersAsync(id)).Where(t => t.DueAt <= h.Clock.GetUtcNow()).OrderBy(t => t.DueAt))
        {
            await h.Engine.FireTimerAsync(timer);
        }

        var report = await h.Engine.MigrateAsync(Plan(), Alex);

        report.Instances.Single().Notes.Should().Contain(n => n.Contains("had passed in version 1 already: it does not fire again", StringComparison.Ordinal));
        (await h.Engine.GetAsync(id)).DueAt.Should().Be(Monday.AddDays(1));
        (await h.Store.GetTimersAsync(id)).Should().NotContain(t => t.Kind == "deadline");
    }

    [Fact]
    public async Task An_instance_in_a_renamed_stage_moves_to_the_state_the_plan_names_and_waits_on_its_approvers()
    {
        var h = new EngineHarness(CampaignVersions.V3());
        var id = await SubmittedAsync(h, 20_000);
        var plan = new MigrationPlan(CampaignApproval.ProcessId, 1, 3, new Dictionary<string, string> { [CampaignApproval.States.BudgetReview] = "FinanceReview" }, new Dictionary<string, JsonNode?> { ["brandGuide"] = "2026 brand book" });

        var report = await h.Engine.MigrateAsync(plan, Alex);

        report.Instances.Single().ToState.Should().Be("FinanceReview");
        report.Instances.Single().Notes.Should().Contain("approval 'FinanceReview' open in round 1");
        var migrated = await h.Engine.GetAsync(id);
        (migrated.State, migrated.AwaitingRoles).Should().BeEquivalentTo(("FinanceReview", new[] { "finance" }));
        (await h.Engine.GetHistoryAsync(id))[^1].Arguments!.Value.GetProperty("states").GetProperty(CampaignApproval.States.BudgetReview).GetString().Should().Be("FinanceReview");
        (await h.Engine.DecideAsync(id, "approved", Fiona)).Instance.State.Should().Be("BrandReview");
    }

    private static MigrationPlan Plan() => new(CampaignApproval.ProcessId, 1, 2, dataDefaults: new Dictionary<string, JsonNode?> { ["brandGuide"] = "2026 brand book" });

    private static async Task<Guid> SubmittedAsync(EngineHarness h, decimal budget)
    {
        var instance = await h.Engine.StartAsync(CampaignApproval.ProcessId, Campaign(budget).ToJson(), Ana, version: 1);
        await h.FireAsync(instance.Id, CampaignApproval.Triggers.Submit, Ana);
        return instance.Id;
    }

    private static async Task<Guid> InExecutiveApprovalWithTheCmosVoteAsync(EngineHarness h)
    {
        h.Users.Managers["ana"] = "mike";
        var id = await SubmittedAsync(h, 150_000);
        await h.Engine.DecideAsync(id, "approved", Fiona);
        var voted = await h.Engine.DecideAsync(id, "approved", Cora);
        voted.Instance.State.Should().Be(CampaignApproval.States.ExecutiveApproval);
        voted.Instance.Decisions.Should().ContainSingle();
        return id;
    }
}
