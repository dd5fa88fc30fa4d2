using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Tests.Engine;
using static MarketingWorkflows.Processes.LaunchChecklist;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Processes;

public sealed class LaunchChecklistTests
{
    private static readonly DateTimeOffset LaunchAt = Monday.AddDays(21);
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Checklist_item_cannot_complete_before_its_dependencies()
    {
        var checklist = await StartAsync();

        var act = () => _h.ChecklistAsync(checklist, Items.Copy, ChecklistAction.Complete, new Actor("cole", "content"));

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().Equal("'copy' (Final copy) depends on 'brief', not done yet");
        await _h.ChecklistAsync(checklist, Items.Brief, ChecklistAction.Complete, new Actor("mara", "marketer"));
        (await _h.ChecklistAsync(checklist, Items.Copy, ChecklistAction.Complete, new Actor("cole", "content"))).Instance.Checklist.Single(i => i.ItemId == Items.Copy).Status.Should().Be(ChecklistItemStatus.Done);
    }

    [Fact]
    public async Task An_item_belongs_to_its_owner_role()
    {
        var checklist = await StartAsync();

        var act = () => _h.ChecklistAsync(checklist, Items.Brief, ChecklistAction.Complete, new Actor("dina", "design"));

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("belongs to the role marketer");
    }

    [Fact]
    public async Task Waiving_a_required_item_needs_a_role_and_a_reason()
    {
        var checklist = await StartAsync();

        var noRole = () => _h.ChecklistAsync(checklist, Items.Legal, ChecklistAction.Waive, Lea, "covered by the master agreement");
        (await noRole.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("needs one of the roles ops-lead");

        var noReason = () => _h.ChecklistAsync(checklist, Items.Legal, ChecklistAction.Waive, Otto);
        (await noReason.Should().ThrowAsync<CommandValidationException>()).Which.Errors.Should().ContainSingle(e => e.Path == "comment");

        var notWaivable = () => _h.ChecklistAsync(checklist, Items.Brief, ChecklistAction.Waive, Otto, "no time");
        (await notWaivable.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().Equal("'brief' (Campaign brief signed off) cannot be waived");

        var waived = (await _h.ChecklistAsync(checklist, Items.Legal, ChecklistAction.Waive, Otto, "covered by the master agreement")).Instance;
        var item = waived.Checklist.Single(i => i.ItemId == Items.Legal);
        item.Status.Should().Be(ChecklistItemStatus.Waived);
        item.Reason.Should().Be("covered by the master agreement");
        item.By.Should().Be("otto");
    }

    [Fact]
    public async Task All_required_items_done_moves_to_go_no_go_while_optional_ones_stay_open()
    {
        var checklist = await StartAsync();

        var ready = await _h.CompleteChecklistAsync(checklist);

        ready.State.Should().Be(States.ReadyForGoNoGo);
        ready.Checklist.Single(i => i.ItemId == Items.Press).Status.Should().Be(ChecklistItemStatus.Open);
        ready.AwaitingRoles.Should().Equal("ops-lead");
        ready.AwaitingUsers.Should().Equal("ana");
        var history = await _h.Engine.GetHistoryAsync(checklist);
        history[^1].Actor.Should().Be("system");
        history[^1].ToState.Should().Be(States.ReadyForGoNoGo);
    }

    [Fact]
    public async Task Items_are_due_relative_to_the_launch()
    {
        var checklist = await _h.Engine.GetAsync(await StartAsync());

        checklist.Checklist.Single(i => i.ItemId == Items.Brief).DueAt.Should().Be(LaunchAt.AddDays(-14));
        checklist.Checklist.Single(i => i.ItemId == Items.Legal).DueAt.Should().Be(LaunchAt.AddDays(-3));
        checklist.Checklist.Single(i => i.ItemId == Items.Press).DueAt.Should().BeNull();
        checklist.AwaitingRoles.Should().Equal("marketer", "communications");
    }

    [Fact]
    public async Task Go_needs_both_the_ops_lead_and_the_campaign_owner()
    {
        var checklist = await StartAsync();
        await _h.CompleteChecklistAsync(checklist);

        (await _h.FireAsync(checklist, Triggers.Go, Otto)).Instance.State.Should().Be(States.ReadyForGoNoGo);
        var stranger = () => _h.FireAsync(checklist, Triggers.Go, new Actor("sam", "marketer"));
        await stranger.Should().ThrowAsync<CommandForbiddenException>();

        var scheduled = (await _h.FireAsync(checklist, Triggers.Go, Ana)).Instance;

        scheduled.State.Should().Be(States.Scheduled);
        scheduled.DueAt.Should().Be(LaunchAt, "the launch timer fires at the launch time");
        (await _h.Store.GetTimersAsync(checklist)).Should().ContainSingle(t => t.Kind == "deadline" && t.Trigger == Triggers.Launch && t.DueAt == LaunchAt);
    }

    [Fact]
    public async Task No_go_sends_the_checklist_back_to_preparing_with_a_comment()
    {
        var checklist = await StartAsync();
        await _h.CompleteChecklistAsync(checklist);

        var noComment = () => _h.FireAsync(checklist, Triggers.NoGo, Otto);
        await noComment.Should().ThrowAsync<CommandValidationException>();

        (await _h.FireAsync(checklist, Triggers.NoGo, Otto, comment: "Tracking is broken on mobile")).Instance.State.Should().Be(States.Preparing);
        await _h.ChecklistAsync(checklist, Items.Tracking, ChecklistAction.Reopen, new Actor("alan", "analytics"), "mobile links");
        (await _h.ChecklistAsync(checklist, Items.Tracking, ChecklistAction.Complete, new Actor("alan", "analytics"))).Instance.State.Should().Be(States.ReadyForGoNoGo);
    }

    [Fact]
    public async Task After_a_no_go_go_no_go_can_be_asked_again_only_with_every_required_item_done()
    {
        var checklist = await StartAsync();
        await _h.CompleteChecklistAsync(checklist);
        await _h.FireAsync(checklist, Triggers.NoGo, Otto, comment: "The landing page is down");
        await _h.ChecklistAsync(checklist, Items.Tracking, ChecklistAction.Reopen, new Actor("alan", "analytics"), "recheck the links");

        var early = () => _h.FireAsync(checklist, Triggers.AskGoNoGoAgain, Otto, comment: "the page is back");
        (await early.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("checklist item tracking is not done");
        var actions = await _h.Engine.GetAvailableActionsAsync(checklist, Otto);
        actions.Single(a => a.Trigger == Triggers.AskGoNoGoAgain).Reasons.Should().Contain("checklist item tracking is not done");

        // Completing the item moves it on by itself; after a no-go fixed outside the checklist, someone asks.
        (await _h.ChecklistAsync(checklist, Items.Tracking, ChecklistAction.Complete, new Actor("alan", "analytics"))).Instance.State.Should().Be(States.ReadyForGoNoGo);
        await _h.FireAsync(checklist, Triggers.NoGo, Otto, comment: "The landing page is down again");
        var asked = await _h.FireAsync(checklist, Triggers.AskGoNoGoAgain, Otto, comment: "the page is back");

        asked.Instance.State.Should().Be(States.ReadyForGoNoGo);
        asked.Instance.Decisions.Should().BeEmpty("a new go/no-go round starts");
    }

    [Fact]
    public async Task The_launch_timer_launches_and_the_review_and_close_follow()
    {
        var checklist = await StartAsync();
        await _h.CompleteChecklistAsync(checklist);
        await _h.FireAsync(checklist, Triggers.Go, Otto);
        await _h.FireAsync(checklist, Triggers.Go, Ana);

        var launched = (await _h.FireAsync(checklist, Triggers.Launch, Actor.System)).Instance;
        launched.State.Should().Be(States.Launched);
        launched.DueAt.Should().Be(Monday.AddDays(7));

        await _h.FireAsync(checklist, Triggers.StartReview, Actor.System);
        (await _h.FireAsync(checklist, Triggers.Close, Otto)).Instance.State.Should().Be(States.Closed);
    }

    [Fact]
    public async Task Checklist_items_cannot_change_outside_preparing()
    {
        var checklist = await StartAsync();
        await _h.CompleteChecklistAsync(checklist);

        var act = () => _h.ChecklistAsync(checklist, Items.Press, ChecklistAction.Complete, new Actor("cam", "communications"));

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().Equal("checklist items can be changed only in Preparing");
    }

    private async Task<Guid> StartAsync()
    {
        var campaign = await _h.StartCampaignAsync(Campaign(5_000));
        return (await _h.StartChecklistAsync(campaign.Id, LaunchAt)).Id;
    }
}
