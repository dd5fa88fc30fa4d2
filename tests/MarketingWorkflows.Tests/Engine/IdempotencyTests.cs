using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using static MarketingWorkflows.Processes.CampaignApproval;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>An idempotency key belongs to its caller and stands for one request, for a while.</summary>
public sealed class IdempotencyTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task A_retried_decision_replays_its_first_result_although_the_stage_has_closed()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(10_000));
        instance.State.Should().Be(States.BudgetReview);

        var first = await _h.Engine.DecideAsync(instance.Id, "approved", Fiona, idempotencyKey: "d1");
        var again = await _h.Engine.DecideAsync(instance.Id, "approved", Fiona, idempotencyKey: "d1");

        first.Instance.State.Should().Be(States.Approved);
        again.Replayed.Should().BeTrue();
        again.Instance.Version.Should().Be(first.Instance.Version);
        again.Events.Select(e => e.Id).Should().Equal(first.Events.Select(e => e.Id));
        (await _h.Engine.GetAsync(instance.Id)).Version.Should().Be(first.Instance.Version);
    }

    [Fact]
    public async Task A_key_sent_again_for_another_instance_is_refused_and_changes_nothing()
    {
        var a = await _h.StartCampaignAsync(Campaign(20_000));
        var b = await _h.StartCampaignAsync(Campaign(20_000));
        await _h.FireAsync(a.Id, Triggers.Submit, Ana, key: "k1");

        var cancel = () => _h.FireAsync(b.Id, Triggers.Cancel, Ana, new { reason = "duplicate" }, "not needed", key: "k1");

        var error = (await cancel.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which;
        error.Failure.Should().Be(CommandFailure.IdempotencyKeyReused);
        (error.IdempotencyKey, error.UserId).Should().Be(("k1", "ana"));
        error.Message.Should().Contain("'k1'").And.Contain($"'fire' on instance {a.Id}").And.Contain($"'fire' on instance {b.Id}").And.Contain("new key");
        var unchanged = await _h.Engine.GetAsync(b.Id);
        (unchanged.State, unchanged.Version).Should().Be((States.Draft, b.Version));
    }

    [Fact]
    public async Task A_key_sent_again_with_another_comment_is_refused_and_says_what_differs()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(10_000));
        await _h.FireAsync(instance.Id, Triggers.RequestChanges, Fiona, comment: "Trim the budget", key: "rc-1");

        var other = () => _h.FireAsync(instance.Id, Triggers.RequestChanges, Fiona, comment: "Trim the regions", key: "rc-1");

        (await other.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should().Contain("with other trigger, arguments, comment or user acted for");
    }

    [Fact]
    public async Task Starting_with_a_key_used_for_another_command_is_refused_and_starts_nothing()
    {
        var a = await _h.StartCampaignAsync(Campaign(20_000));
        await _h.FireAsync(a.Id, Triggers.Submit, Ana, key: "k1");

        var start = () => _h.Engine.StartAsync(CampaignApproval.ProcessId, Campaign(20_000).ToJson(), Ana, idempotencyKey: "k1");

        (await start.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should().Contain("to start a 'campaign-approval' instance");
        (await _h.Engine.QueryAsync(new InstanceQuery())).Total.Should().Be(1);
    }

    [Fact]
    public async Task A_key_used_to_start_is_refused_for_a_start_with_other_data()
    {
        var first = await _h.Engine.StartAsync(CampaignApproval.ProcessId, Campaign(20_000).ToJson(), Ana, idempotencyKey: "s1");

        var other = () => _h.Engine.StartAsync(CampaignApproval.ProcessId, Campaign(30_000).ToJson(), Ana, idempotencyKey: "s1");

        (await other.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should().Contain($"to start instance {first.Id}").And.Contain("with other data");
        (await _h.Engine.QueryAsync(new InstanceQuery())).Total.Should().Be(1);
    }

    [Fact]
    public async Task Two_users_sending_the_same_key_both_apply()
    {
        var ben = new Actor("ben", "marketer");
        var a = await _h.StartCampaignAsync(Campaign(20_000));
        var b = await _h.StartCampaignAsync(Campaign(20_000, owner: "ben"), ben);

        var ana = await _h.FireAsync(a.Id, Triggers.Submit, Ana, key: "submit");
        var bens = await _h.FireAsync(b.Id, Triggers.Submit, ben, key: "submit");

        (ana.Replayed, bens.Replayed).Should().Be((false, false));
        bens.Instance.Id.Should().Be(b.Id);
        (await _h.Engine.GetAsync(b.Id)).State.Should().NotBe(States.Draft);
    }

    [Fact]
    public async Task The_user_acted_for_decides_nothing_about_whose_key_it_is()
    {
        // Keys belong to the signed-in user: a delegate's key is the delegate's, whoever they act for.
        var instance = await _h.SubmittedCampaignAsync(Campaign(10_000));
        await _h.Engine.DelegateAsync(new Delegation("fiona", "frank", DateOnly.FromDateTime(Monday.UtcDateTime), DateOnly.FromDateTime(Monday.UtcDateTime)) { Roles = ["finance"] }, Fiona);
        var frank = new Actor("frank") { OnBehalfOf = "fiona" };
        await _h.Engine.DecideAsync(instance.Id, "approved", frank, idempotencyKey: "d1");

        (await _h.Store.FindCommandAsync("frank", "d1")).Should().NotBeNull();
        (await _h.Store.FindCommandAsync("fiona", "d1")).Should().BeNull();
        var asHimself = () => _h.Engine.DecideAsync(instance.Id, "approved", new Actor("frank", "finance"), idempotencyKey: "d1");
        (await asHimself.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should().Contain("user acted for");
    }

    [Fact]
    public async Task Checklist_data_and_link_commands_replay_with_their_key()
    {
        var campaign = await _h.StartCampaignAsync(Campaign(20_000));
        var checklist = await _h.StartChecklistAsync(campaign.Id, Monday.AddDays(30));
        var content = await _h.StartContentAsync();
        var mara = new Actor("mara", "marketer");

        var complete = new ChecklistCommand(checklist.Id, LaunchChecklist.Items.Brief, ChecklistAction.Complete, mara) { IdempotencyKey = "brief" };
        var firstItem = await _h.Engine.UpdateChecklistItemAsync(complete);
        var data = new DataCommand(campaign.Id, Json(new { objective = "More leads" }), Ana) { IdempotencyKey = "objective" };
        var firstData = await _h.Engine.UpdateDataAsync(data);
        var link = new InstanceLink(ContentReview.ProcessId, content.Id);
        var firstLink = await _h.Engine.LinkAsync(campaign.Id, link, Ana, idempotencyKey: "link");

        var item = await _h.Engine.UpdateChecklistItemAsync(complete with { ExpectedVersion = 1 });
        var again = await _h.Engine.UpdateDataAsync(data with { Changes = JsonDocument.Parse("""{ "objective" :   "More leads" }""").RootElement });
        var linked = await _h.Engine.LinkAsync(campaign.Id, link, Ana, idempotencyKey: "link");

        (item.Replayed, again.Replayed, linked.Replayed).Should().Be((true, true, true));
        // The campaign was linked after its data changed: the data change's replay answers the campaign as it is now, with the change's own events.
        (item.Instance.Version, again.Instance.Version, linked.Instance.Version).Should().Be((firstItem.Instance.Version, firstLink.Instance.Version, firstLink.Instance.Version));
        item.Events.Should().Equal(firstItem.Events);
        again.Events.Should().Equal(firstData.Events);
        linked.Events.Should().Equal(firstLink.Events);
        (await _h.Engine.GetAsync(campaign.Id)).Version.Should().Be(firstLink.Instance.Version);
        (await _h.Engine.GetAsync(checklist.Id)).Version.Should().Be(firstItem.Instance.Version);
        var reopen = () => _h.Engine.UpdateChecklistItemAsync(complete with { Action = ChecklistAction.Reopen });
        (await reopen.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should().Contain("with other item, action, reason");
    }

    [Fact]
    public async Task Concurrent_identical_decisions_apply_once_and_the_others_replay()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(10_000));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _h.Engine.DecideAsync(instance.Id, "approved", Fiona, idempotencyKey: "d1"))));

        results.Count(r => !r.Replayed).Should().Be(1);
        results.Select(r => r.Instance.Version).Distinct().Should().ContainSingle();
        (await _h.Engine.GetHistoryAsync(instance.Id)).Count(e => e.Kind == HistoryKind.Decision).Should().Be(1);
    }

    [Fact]
    public async Task Identical_commands_racing_through_two_engines_on_one_store_apply_once()
    {
        // Each engine serialises its own commands; across engines the store's duplicate key decides.
        var other = new ProcessEngine(_h.Registry, _h.Store, timeProvider: _h.Clock, users: _h.Users);
        var instances = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add((await _h.StartCampaignAsync(Campaign(20_000))).Id);
        }

        var results = await Task.WhenAll(instances.SelectMany(id => Enumerable.Range(0, 6).Select(k => Task.Run(() =>
            (k % 2 == 0 ? _h.Engine : other).FireAsync(new ProcessCommand(id, Triggers.Submit, Ana) { IdempotencyKey = "submit-" + id })))));

        results.Count(r => !r.Replayed).Should().Be(4);
        foreach (var id in instances)
        {
            results.Where(r => r.Instance.Id == id).Select(r => r.Instance.Version).Distinct().Should().ContainSingle();
            (await _h.Engine.GetHistoryAsync(id)).Should().HaveCount(2);
        }
    }

    [Fact]
    public async Task A_key_older_than_the_retention_no_longer_replays_and_may_be_used_afresh()
    {
        using var engine = new ProcessEngine(_h.Registry, _h.Store, new MarketingWorkflowsOptions { IdempotencyRetention = TimeSpan.FromDays(1) }, _h.Clock);
        var a = await _h.StartCampaignAsync(Campaign(20_000));
        var b = await _h.StartCampaignAsync(Campaign(20_000));
        var data = new DataCommand(a.Id, Json(new { objective = "More leads" }), Ana) { IdempotencyKey = "k1" };
        var first = await engine.UpdateDataAsync(data);

        _h.Clock.Advance(TimeSpan.FromHours(23));
        (await engine.UpdateDataAsync(data)).Replayed.Should().BeTrue("a day has not passed");
        _h.Clock.Advance(TimeSpan.FromHours(2));
        var afresh = await engine.FireAsync(new ProcessCommand(b.Id, Triggers.Submit, Ana) { IdempotencyKey = "k1" });

        afresh.Replayed.Should().BeFalse();
        afresh.Instance.Id.Should().Be(b.Id);
        (await engine.GetAsync(a.Id)).Version.Should().Be(first.Instance.Version);
        (await _h.Store.FindCommandAsync("ana", "k1"))!.Record.CreatedAt.Should().Be(Monday.AddHours(25));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651 * 24 * 60)]
    public void A_retention_out_of_range_is_refused_with_its_range(int minutes)
    {
        var options = new MarketingWorkflowsOptions { IdempotencyRetention = TimeSpan.FromMinutes(minutes) };

        options.Validate().Should().ContainSingle().Which.Should().Contain("IdempotencyRetention").And.Contain("1 minute to 3,650 days");
        new MarketingWorkflowsOptions().IdempotencyRetention.Should().Be(TimeSpan.FromDays(7));
    }
}
