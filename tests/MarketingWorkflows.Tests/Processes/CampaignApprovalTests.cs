using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Engine;
using static MarketingWorkflows.Processes.CampaignApproval;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Processes;

public sealed class CampaignApprovalTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Small_campaign_that_needs_no_stage_goes_straight_to_approved()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(5_000));

        instance.State.Should().Be(States.Approved);
        instance.Submitter.Should().BeNull("no approval stage was entered");
    }

    [Fact]
    public async Task Budget_of_ten_thousand_routes_to_budget_review_and_finance_approves()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(10_000));
        instance.State.Should().Be(States.BudgetReview);
        instance.AwaitingRoles.Should().Equal("finance");

        var result = await _h.FireAsync(instance.Id, Triggers.Approve, Fiona);

        result.Instance.State.Should().Be(States.Approved);
        result.Events.Select(e => e.Type).Should().Contain("marketingworkflows.campaign-approval.approved");
    }

    [Theory]
    [InlineData(new[] { "EU" }, new[] { "social" }, "business")]
    [InlineData(new[] { "UK", "US" }, new[] { "search" }, "business")]
    [InlineData(new[] { "US" }, new[] { "email" }, "consumer")]
    [InlineData(new[] { "US" }, new[] { "sms", "social" }, "consumer")]
    public async Task Regulated_region_or_consumer_sms_or_email_routes_through_legal_review(string[] regions, string[] channels, string audience)
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(2_000, regions, channels, audience));

        instance.State.Should().Be(States.LegalReview);
        (await _h.FireAsync(instance.Id, Triggers.Approve, Lea)).Instance.State.Should().Be(States.Approved);
    }

    [Fact]
    public async Task Business_email_in_the_us_needs_no_legal_review()
        => (await _h.SubmittedCampaignAsync(Campaign(2_000, ["US"], ["email"], "business"))).State.Should().Be(States.Approved);

    [Fact]
    public async Task Large_budget_passes_every_stage_in_order_and_executive_approval_needs_the_owner_manager_and_the_cmo()
    {
        _h.Users.Managers["ana"] = "mike";
        var instance = await _h.SubmittedCampaignAsync(Campaign(150_000, ["EU"]));
        instance.State.Should().Be(States.BudgetReview);
        (await _h.FireAsync(instance.Id, Triggers.Approve, Fiona)).Instance.State.Should().Be(States.LegalReview);
        var executive = (await _h.FireAsync(instance.Id, Triggers.Approve, Lea)).Instance;
        executive.State.Should().Be(States.ExecutiveApproval);
        executive.AwaitingUsers.Should().Equal("mike");
        executive.AwaitingRoles.Should().Equal("cmo");

        var afterManager = (await _h.FireAsync(instance.Id, Triggers.Approve, Mike)).Instance;
        afterManager.State.Should().Be(States.ExecutiveApproval, "all approvers must approve");
        afterManager.AwaitingUsers.Should().BeEmpty();

        (await _h.FireAsync(instance.Id, Triggers.Approve, Cora)).Instance.State.Should().Be(States.Approved);
    }

    [Fact]
    public async Task Owner_manager_that_resolves_to_nobody_falls_back_to_the_stage_role()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(150_000));
        await _h.FireAsync(instance.Id, Triggers.Approve, Fiona);

        var executive = await _h.Engine.GetAsync(instance.Id);
        executive.State.Should().Be(States.ExecutiveApproval);
        executive.AwaitingUsers.Should().BeEmpty();
        executive.AwaitingRoles.Should().Equal("cmo");
        (await _h.FireAsync(instance.Id, Triggers.Approve, Cora)).Instance.State.Should().Be(States.Approved);
    }

    [Fact]
    public async Task A_single_reject_ends_the_stage_and_the_campaign()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var result = await _h.FireAsync(instance.Id, Triggers.Reject, Fiona, comment: "No budget left this quarter");

        result.Instance.State.Should().Be(States.Rejected);
        result.Instance.IsCompleted.Should().BeTrue();
        var history = await _h.Engine.GetHistoryAsync(instance.Id);
        history[^1].Decision.Should().Be("rejected");
        history[^1].Comment.Should().Be("No budget left this quarter");
    }

    [Theory]
    [InlineData(Triggers.Reject)]
    [InlineData(Triggers.RequestChanges)]
    public async Task Reject_and_request_changes_need_a_comment_and_change_nothing_without_one(string trigger)
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.FireAsync(instance.Id, trigger, Fiona, comment: "  ");

        var error = (await act.Should().ThrowAsync<CommandValidationException>()).Which;
        error.Failure.Should().Be(CommandFailure.ValidationFailed);
        error.Errors.Should().ContainSingle(e => e.Path == "comment");
        (await _h.Engine.GetAsync(instance.Id)).Version.Should().Be(instance.Version);
    }

    [Fact]
    public async Task Request_changes_sends_it_back_and_resubmission_starts_a_new_round_with_decisions_reset()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000, ["EU"]));
        await _h.FireAsync(instance.Id, Triggers.Approve, Fiona);
        var changes = await _h.FireAsync(instance.Id, Triggers.RequestChanges, Lea, comment: "Add the GDPR consent line");
        changes.Instance.State.Should().Be(States.ChangesRequested);
        changes.Instance.Decisions.Should().BeEmpty();

        var edited = await _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { objective = "Spring leads, with consent" }), Ana));
        edited.Instance.DataRevision.Should().Be(2);

        var resubmitted = (await _h.FireAsync(instance.Id, Triggers.Resubmit, Ana)).Instance;

        resubmitted.State.Should().Be(States.BudgetReview);
        resubmitted.Round.Should().Be(2);
        resubmitted.Decisions.Should().BeEmpty();
        (await _h.FireAsync(instance.Id, Triggers.Approve, Fiona)).Instance.State.Should().Be(States.LegalReview, "finance decides again in the new round");
    }

    [Fact]
    public async Task Submitter_cannot_approve_own_campaign()
    {
        var fionaTheMarketer = new Actor("fiona", "marketer", "finance");
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000, owner: "fiona"), fionaTheMarketer);

        var act = () => _h.FireAsync(instance.Id, Triggers.Approve, fionaTheMarketer);

        var error = (await act.Should().ThrowAsync<CommandForbiddenException>()).Which;
        error.Failure.Should().Be(CommandFailure.Forbidden);
        error.Message.Should().Contain("self-approval is forbidden in 'BudgetReview'");
        (await _h.Engine.GetAsync(instance.Id)).State.Should().Be(States.BudgetReview);
        (await _h.FireAsync(instance.Id, Triggers.Approve, Frank)).Instance.State.Should().Be(States.Approved);
    }

    [Fact]
    public async Task Someone_who_is_not_an_approver_of_the_stage_is_forbidden()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Approve, Lea);

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("not an approver of 'BudgetReview'").And.Contain("role finance");
    }

    [Fact]
    public async Task An_approver_decides_once_per_round()
    {
        var definition = QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 2, "onApproved": "Done", "onRejected": "Stopped" }""");
        var h = new EngineHarness(definition);
        var instance = await QuorumProcess.SubmitAsync(h);
        await h.FireAsync(instance.Id, "Approve", Lea);

        var again = () => h.FireAsync(instance.Id, "Approve", Lea);

        (await again.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("lea already decided in this round");
    }

    [Fact]
    public async Task Withdraw_recalls_a_campaign_in_approval_to_draft()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var withdrawn = (await _h.FireAsync(instance.Id, Triggers.Withdraw, Ana)).Instance;

        withdrawn.State.Should().Be(States.Draft);
        (await _h.FireAsync(instance.Id, Triggers.Submit, Ana)).Instance.Round.Should().Be(2);
    }

    [Fact]
    public async Task Only_the_submitter_can_withdraw_a_campaign_even_another_marketer_cannot()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        var mia = new Actor("mia", "marketer");

        var act = () => _h.FireAsync(instance.Id, Triggers.Withdraw, mia);

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("only ana, who submitted it, may fire 'Withdraw'");
        (await _h.Engine.GetAsync(instance.Id))!.State.Should().Be(States.BudgetReview);
        var withdraw = (await _h.Engine.GetAvailableActionsAsync(instance.Id, mia)).Single(a => a.Trigger == Triggers.Withdraw);
        withdraw.Allowed.Should().BeFalse();
        withdraw.Reasons.Should().Equal("only ana, who submitted it, may fire 'Withdraw'");
        (await _h.Engine.GetAvailableActionsAsync(instance.Id, Ana)).Single(a => a.Trigger == Triggers.Withdraw).Allowed.Should().BeTrue();
    }

    [Fact]
    public async Task A_delegate_acting_for_the_submitter_can_withdraw()
    {
        await _h.Engine.DelegateAsync(new Delegation("ana", "mia", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)), Ana);
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var withdrawn = await _h.FireAsync(instance.Id, Triggers.Withdraw, new Actor("mia", "marketer") { OnBehalfOf = "ana" });

        withdrawn.Instance.State.Should().Be(States.Draft);
        (await _h.Engine.GetHistoryAsync(instance.Id))[^1].OnBehalfOf.Should().Be("ana");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20_000)]
    [InlineData(-1)]
    public async Task Cancel_works_from_any_open_state_with_a_reason(decimal budget)
    {
        var instance = budget < 0
            ? await _h.StartCampaignAsync(Campaign(1_000))
            : await _h.SubmittedCampaignAsync(Campaign(budget));

        var noReason = () => _h.FireAsync(instance.Id, Triggers.Cancel, Ana, new { reason = "no" }, comment: "stop");
        (await noReason.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().ContainSingle().Which.Should().Contain("a reason of at least five characters is given");

        var cancelled = await _h.FireAsync(instance.Id, Triggers.Cancel, Ana, new { reason = "Product launch moved to autumn" }, comment: "Launch moved");

        cancelled.Instance.State.Should().Be(States.Cancelled);
        cancelled.Instance.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Cancel_is_not_possible_once_live()
    {
        var (campaign, _) = await LiveCampaignAsync();

        var act = () => _h.FireAsync(campaign, Triggers.Cancel, Ana, new { reason = "Too late for that" }, comment: "late");

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("cannot be fired in 'Live'");
    }

    [Fact]
    public async Task Data_is_locked_while_in_approval()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { budget = new { amount = 1, currency = "EUR" } }), Ana));

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("locked in 'InApproval'");
    }

    [Fact]
    public async Task Campaign_cannot_be_scheduled_while_a_linked_content_review_is_not_approved()
    {
        var campaign = await _h.SubmittedCampaignAsync(Campaign(5_000));
        var content = await _h.StartContentAsync(campaign: campaign.Id);
        var launchAt = Monday.AddDays(21);

        var act = () => _h.FireAsync(campaign.Id, Triggers.Schedule, Ana, new { launchAt });

        var error = (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which;
        error.Reasons.Should().ContainSingle().Which.Should().Contain($"content-review {content.Id} is Draft, not Approved or Published");

        await _h.FireAsync(content.Id, ContentReview.Triggers.SubmitForReview, Ana);
        await _h.Engine.DecideAsync(content.Id, ContentReview.Decisions.Approved, Bea);
        await _h.Engine.DecideAsync(content.Id, ContentReview.Decisions.Approved, Lea);
        var scheduled = await _h.FireAsync(campaign.Id, Triggers.Schedule, Ana, new { launchAt });
        scheduled.Instance.State.Should().Be(States.Scheduled);
        CampaignData.FromJson(scheduled.Instance.Data).LaunchAt.Should().Be(launchAt);
    }

    [Fact]
    public async Task Schedule_needs_a_launch_time_in_the_future()
    {
        var campaign = await _h.SubmittedCampaignAsync(Campaign(5_000));

        var act = () => _h.FireAsync(campaign.Id, Triggers.Schedule, Ana, new { launchAt = Monday.AddDays(-1) });

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().Equal("the launch time is in the future does not hold");
    }

    [Fact]
    public async Task Campaign_cannot_launch_without_go_from_its_launch_checklist()
    {
        var campaign = await _h.SubmittedCampaignAsync(Campaign(5_000));
        await _h.FireAsync(campaign.Id, Triggers.Schedule, Ana, new { launchAt = Monday.AddDays(21) });

        var withoutChecklist = () => _h.FireAsync(campaign.Id, Triggers.Launch, Otto);
        (await withoutChecklist.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().ContainSingle().Which.Should().Contain("no launch-checklist is linked");

        var checklist = await _h.StartChecklistAsync(campaign.Id, Monday.AddDays(21));
        var beforeGo = () => _h.FireAsync(campaign.Id, Triggers.Launch, Otto);
        (await beforeGo.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().ContainSingle().Which.Should().Contain("is Preparing, not Scheduled or Launched");

        await _h.CompleteChecklistAsync(checklist.Id);
        await _h.FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Otto);
        await _h.FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Ana);

        (await _h.FireAsync(campaign.Id, Triggers.Launch, Otto)).Instance.State.Should().Be(States.Live);
    }

    [Fact]
    public async Task Completing_records_actual_spend_and_results_in_the_data()
    {
        var (campaign, _) = await LiveCampaignAsync();

        var completed = await _h.FireAsync(campaign, Triggers.Complete, Ana, new { actualSpend = new { amount = 4_200, currency = "EUR" }, actualLeads = 610 });

        completed.Instance.State.Should().Be(States.Completed);
        var data = CampaignData.FromJson(completed.Instance.Data);
        data.ActualSpend.Should().Be(new Money(4_200, "EUR"));
        data.ActualLeads.Should().Be(610);
        completed.Instance.DataRevision.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task Delegation_for_a_date_range_is_recorded_as_decided_on_behalf_of()
    {
        await _h.Engine.DelegateAsync(new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)) { Roles = ["finance"] }, Fiona);
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        var gina = new Actor("gina", "marketer") { OnBehalfOf = "fiona" };

        var result = await _h.FireAsync(instance.Id, Triggers.Approve, gina);

        result.Instance.State.Should().Be(States.Approved);
        var entry = (await _h.Engine.GetHistoryAsync(instance.Id))[^1];
        entry.Actor.Should().Be("gina");
        entry.OnBehalfOf.Should().Be("fiona");
        entry.Decision.Should().Be("approved");
    }

    [Fact]
    public async Task Delegation_outside_its_dates_is_forbidden()
    {
        await _h.Engine.DelegateAsync(new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)) { Roles = ["finance"] }, Fiona);
        _h.Clock.Set(new DateTimeOffset(2026, 11, 9, 9, 0, 0, TimeSpan.Zero));
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Approve, new Actor("gina") { OnBehalfOf = "fiona" });

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("no delegation from fiona covering 2026-11-09");
    }

    [Fact]
    public async Task A_delegation_saved_again_ending_before_today_is_revoked()
    {
        var delegation = new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)) { Roles = ["finance"] };
        await _h.Engine.DelegateAsync(delegation, Fiona);
        await _h.Store.SaveDelegationAsync(delegation with { To = new DateOnly(2026, 10, 31) });
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Approve, new Actor("gina") { OnBehalfOf = "fiona" });

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("no delegation from fiona");
    }

    [Fact]
    public async Task Revoking_one_delegation_leaves_another_from_the_same_delegator_in_force()
    {
        var week = new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)) { Roles = ["finance"] };
        await _h.Engine.DelegateAsync(week, Fiona);
        await _h.Engine.DelegateAsync(new Delegation("fiona", "gina", new DateOnly(2026, 10, 28), new DateOnly(2026, 11, 10)) { Roles = ["finance"] }, Fiona);
        await _h.Store.SaveDelegationAsync(week with { To = new DateOnly(2026, 10, 31) });
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var result = await _h.FireAsync(instance.Id, Triggers.Approve, new Actor("gina") { OnBehalfOf = "fiona" });

        result.Instance.State.Should().Be(States.Approved);
    }

    [Fact]
    public async Task A_delegator_cannot_hand_over_a_role_they_do_not_hold()
    {
        var act = () => _h.Engine.DelegateAsync(new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)) { Roles = ["finance", "cmo"] }, Fiona);

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("does not hold 'cmo'");
        (await _h.Store.GetDelegationsAsync("gina")).Should().BeEmpty();
    }

    [Fact]
    public async Task Only_the_delegator_can_hand_over_their_approvals()
    {
        var act = () => _h.Engine.DelegateAsync(new Delegation("fiona", "gina", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 6)), new Actor("gina"));

        await act.Should().ThrowAsync<CommandForbiddenException>();
    }

    [Fact]
    public async Task A_stage_deadline_counts_business_days_and_plans_reminders_and_its_timeout()
    {
        _h.Clock.Set(new DateTimeOffset(2026, 11, 6, 15, 0, 0, TimeSpan.Zero)); // a Friday
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        instance.DueAt.Should().Be(new DateTimeOffset(2026, 11, 10, 15, 0, 0, TimeSpan.Zero), "two business days after Friday is Tuesday");
        var timers = await _h.Store.GetTimersAsync(instance.Id);
        timers.Should().HaveCount(3);
        timers.Single(t => t.Kind == "deadline").Trigger.Should().Be(Triggers.Escalate);
        timers.Where(t => t.Kind == "reminder").Select(t => t.DueAt).Should().Equal(instance.DueAt!.Value.AddHours(-4), instance.DueAt!.Value.AddDays(1));

        var overdue = await _h.Engine.QueryAsync(new MarketingWorkflows.Storage.InstanceQuery { OverdueAt = instance.DueAt.Value.AddMinutes(1) });
        overdue.Items.Select(i => i.Id).Should().Contain(instance.Id);
        await _h.FireAsync(instance.Id, Triggers.Approve, Fiona);
        (await _h.Store.GetTimersAsync(instance.Id)).Should().BeEmpty("leaving the stage cancels its timers");
    }

    [Fact]
    public async Task The_fallback_role_decides_an_escalated_stage()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        var escalated = (await _h.FireAsync(instance.Id, Triggers.Escalate, Actor.System)).Instance;
        escalated.State.Should().Be(States.BudgetReview);
        escalated.EscalatedAt.Should().NotBeNull();
        escalated.AwaitingRoles.Should().Equal("finance-lead", "finance");

        var approved = await _h.FireAsync(instance.Id, Triggers.Approve, new Actor("flo", "finance-lead"));

        approved.Instance.State.Should().Be(States.Approved);
        approved.Instance.EscalatedAt.Should().BeNull("entering another state ends the escalation");
    }

    [Fact]
    public async Task The_fallback_role_cannot_decide_before_the_stage_is_escalated()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        var flo = new Actor("flo", "finance-lead");
        instance.AwaitingRoles.Should().Equal("finance");

        var act = () => _h.FireAsync(instance.Id, Triggers.Approve, flo);

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("flo is not an approver of 'BudgetReview'");
        (await _h.Engine.GetAvailableActionsAsync(instance.Id, flo)).Single(a => a.Trigger == Triggers.Approve).Allowed.Should().BeFalse();
    }

    [Fact]
    public async Task A_passed_stage_deadline_escalates_to_the_fallback_role_who_stands_in_for_every_approver()
    {
        // Legal review waits on legal; its deadline passes and the timer fires the escalation.
        var instance = await _h.SubmittedCampaignAsync(Campaign(5_000, regions: ["EU"]));
        instance.State.Should().Be(States.LegalReview);
        var deadline = (await _h.Store.GetTimersAsync(instance.Id)).Single(t => t.Kind == "deadline");

        var fired = await _h.Engine.FireTimerAsync(deadline);

        fired.Instance.EscalatedAt.Should().NotBeNull();
        var history = await _h.Engine.GetHistoryAsync(instance.Id);
        history[^1].Trigger.Should().Be(Triggers.Escalate);
        history[^1].Actor.Should().Be("system");
        var approved = await _h.FireAsync(instance.Id, Triggers.Approve, new Actor("lara", "legal-lead"));
        approved.Instance.State.Should().Be(States.Approved);
        approved.Instance.Decisions.Should().BeEmpty("the round closed");
        (await _h.Engine.GetHistoryAsync(instance.Id))[^1].Actor.Should().Be("lara");
    }

    [Fact]
    public async Task Only_the_timer_escalates_a_stage()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Escalate, Ana);

        await act.Should().ThrowAsync<CommandForbiddenException>();
        (await _h.Engine.GetAsync(instance.Id))!.EscalatedAt.Should().BeNull();
    }

    [Fact]
    public async Task Only_marketing_roles_can_cancel_a_campaign_not_its_approvers()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));

        var byApprover = () => _h.FireAsync(instance.Id, Triggers.Cancel, Fiona, new { reason = "Not my budget line" }, comment: "stop");

        (await byApprover.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("marketer, ops-lead, cmo");
        (await _h.Engine.GetAsync(instance.Id))!.State.Should().Be(States.BudgetReview);
        (await _h.FireAsync(instance.Id, Triggers.Cancel, Otto, new { reason = "Launch window closed" }, comment: "closed")).Instance.State.Should().Be(States.Cancelled);
    }

    private async Task<(Guid Campaign, Guid Checklist)> LiveCampaignAsync()
    {
        var campaign = await _h.SubmittedCampaignAsync(Campaign(5_000));
        await _h.FireAsync(campaign.Id, Triggers.Schedule, Ana, new { launchAt = Monday.AddDays(21) });
        var checklist = await _h.StartChecklistAsync(campaign.Id, Monday.AddDays(21));
        await _h.CompleteChecklistAsync(checklist.Id);
        await _h.FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Otto);
        await _h.FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Ana);
        (await _h.FireAsync(campaign.Id, Triggers.Launch, Otto)).Instance.State.Should().Be(States.Live);
        return (campaign.Id, checklist.Id);
    }
}
