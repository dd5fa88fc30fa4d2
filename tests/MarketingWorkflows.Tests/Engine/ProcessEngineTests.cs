using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using static MarketingWorkflows.Processes.CampaignApproval;
using static MarketingWorkflows.Tests.Engine.EngineHarness;

namespace MarketingWorkflows.Tests.Engine;

public sealed class ProcessEngineTests
{
    private readonly EngineHarness _h = new();

    [Fact]
    public async Task Start_fills_defaults_and_records_the_first_history_entry()
    {
        var instance = await _h.Engine.StartAsync(CampaignApproval.ProcessId, Json(new { name = "Q1", owner = "ana", budget = new { amount = 100, currency = "EUR" } }), Ana);

        instance.State.Should().Be(States.Draft);
        instance.Version.Should().Be(1);
        instance.Data.GetProperty("audience").GetString().Should().Be("business");
        instance.CreatedAt.Should().Be(Monday);
        instance.AwaitingRoles.Should().Equal("marketer");
        var history = await _h.Engine.GetHistoryAsync(instance.Id);
        history.Should().ContainSingle().Which.Kind.Should().Be(HistoryKind.Started);
    }

    [Fact]
    public async Task Start_with_invalid_data_names_each_field_and_saves_nothing()
    {
        var act = () => _h.Engine.StartAsync(CampaignApproval.ProcessId, Json(new { name = "", budget = new { amount = -5, currency = "EUR" } }), Ana);

        var error = (await act.Should().ThrowAsync<CommandValidationException>()).Which;
        error.Errors.Select(e => e.Path).Should().Contain(["name", "owner", "budget.amount"]);
        (await _h.Engine.QueryAsync(new InstanceQuery())).Total.Should().Be(0);
    }

    [Fact]
    public async Task Unknown_process_or_version_is_definition_not_found()
    {
        var unknown = () => _h.Engine.StartAsync("budget-request", Json(new { }), Ana);
        (await unknown.Should().ThrowAsync<DefinitionNotFoundException>()).Which.Message.Should().Contain("campaign-approval");

        var version = () => _h.Engine.StartAsync(CampaignApproval.ProcessId, Campaign(1).ToJson(), Ana, version: 9);
        (await version.Should().ThrowAsync<DefinitionNotFoundException>()).Which.Message.Should().Contain("registered versions: 1");
    }

    [Fact]
    public async Task Unknown_instance_is_instance_not_found()
    {
        var id = Guid.NewGuid();

        (await ((Func<Task>)(() => _h.FireAsync(id, Triggers.Submit, Ana))).Should().ThrowAsync<InstanceNotFoundException>()).Which.InstanceId.Should().Be(id);
        await ((Func<Task>)(() => _h.Engine.GetAsync(id))).Should().ThrowAsync<InstanceNotFoundException>();
        await ((Func<Task>)(() => _h.Engine.GetHistoryAsync(id))).Should().ThrowAsync<InstanceNotFoundException>();
    }

    [Fact]
    public async Task A_trigger_not_allowed_in_the_state_lists_what_is_allowed()
    {
        var instance = await _h.StartCampaignAsync(Campaign(1_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Launch, Otto);

        var error = (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which;
        error.Failure.Should().Be(CommandFailure.NotPermitted);
        error.State.Should().Be(States.Draft);
        error.Message.Should().Contain("allowed here: Submit, Cancel");
    }

    [Fact]
    public async Task A_missing_role_is_forbidden()
    {
        var instance = await _h.StartCampaignAsync(Campaign(1_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Submit, Fiona);

        (await act.Should().ThrowAsync<CommandForbiddenException>()).Which.Message.Should().Contain("'Submit' needs one of the roles marketer; fiona has finance");
    }

    [Fact]
    public async Task Invalid_arguments_name_the_field()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(1_000));

        var act = () => _h.FireAsync(instance.Id, Triggers.Schedule, Ana, new { launchAt = "next week" });

        (await act.Should().ThrowAsync<CommandValidationException>()).Which.Errors.Should().ContainSingle().Which.Path.Should().Contain("launchAt");
    }

    [Fact]
    public async Task A_finished_instance_refuses_every_command()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        await _h.FireAsync(instance.Id, Triggers.Reject, Fiona, comment: "no");

        var act = () => _h.FireAsync(instance.Id, Triggers.Submit, Ana);

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Message.Should().Contain("ended in 'Rejected'");
        (await _h.Engine.GetAvailableActionsAsync(instance.Id, Ana)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_repeated_command_with_an_idempotency_key_returns_the_first_result_and_changes_nothing()
    {
        var instance = await _h.StartCampaignAsync(Campaign(20_000));
        var first = await _h.FireAsync(instance.Id, Triggers.Submit, Ana, key: "submit-42");

        var again = await _h.FireAsync(instance.Id, Triggers.Submit, Ana, key: "submit-42");

        again.Replayed.Should().BeTrue();
        again.Instance.Version.Should().Be(first.Instance.Version);
        again.Events.Select(e => e.Id).Should().Equal(first.Events.Select(e => e.Id));
        (await _h.Engine.GetHistoryAsync(instance.Id)).Should().HaveCount(2);
        (await _h.Engine.GetAsync(instance.Id)).Version.Should().Be(first.Instance.Version);
    }

    [Fact]
    public async Task Starting_again_with_the_same_key_returns_the_first_instance_and_creates_nothing()
    {
        var data = Campaign(20_000).ToJson();
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _h.Engine.StartAsync(CampaignApproval.ProcessId, data, Ana, idempotencyKey: "new-campaign-7"))));

        starts.Select(i => i.Id).Distinct().Should().ContainSingle();
        (await _h.Engine.QueryAsync(new InstanceQuery { ProcessId = CampaignApproval.ProcessId })).Total.Should().Be(1);
        (await _h.Engine.StartAsync(CampaignApproval.ProcessId, data, Ana, idempotencyKey: "new-campaign-8")).Id.Should().NotBe(starts[0].Id);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_keyed_command_apply_it_once()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 5, "onApproved": "Done", "onRejected": "Stopped" }"""));
        var instance = await QuorumProcess.SubmitAsync(h);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => h.FireAsync(instance.Id, "Approve", Lea, key: "lea-approves"))));

        results.Count(r => !r.Replayed).Should().Be(1);
        (await h.Engine.GetAsync(instance.Id)).Decisions.Should().ContainSingle();
    }

    [Fact]
    public async Task An_expected_version_that_moved_on_is_a_conflict_and_changes_nothing()
    {
        var instance = await _h.StartCampaignAsync(Campaign(20_000));
        await _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { objective = "More leads" }), Ana));

        var act = () => _h.FireAsync(instance.Id, Triggers.Submit, Ana, expectedVersion: 1);

        var conflict = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        conflict.Failure.Should().Be(CommandFailure.Conflict);
        conflict.ActualVersion.Should().Be(2);
        (await _h.Engine.GetAsync(instance.Id)).State.Should().Be(States.Draft);
    }

    [Fact]
    public async Task History_records_who_on_behalf_of_whom_what_states_comment_arguments_revision_definition_and_time()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000));
        _h.Clock.Advance(TimeSpan.FromHours(3));
        await _h.FireAsync(instance.Id, Triggers.Cancel, Ana, new { reason = "Budget moved to Q3" }, comment: "Moved");

        var entry = (await _h.Engine.GetHistoryAsync(instance.Id))[^1];

        entry.Actor.Should().Be("ana");
        entry.Trigger.Should().Be(Triggers.Cancel);
        entry.FromState.Should().Be(States.BudgetReview);
        entry.ToState.Should().Be(States.Cancelled);
        entry.Comment.Should().Be("Moved");
        entry.Arguments!.Value.GetProperty("reason").GetString().Should().Be("Budget moved to Q3");
        entry.DataRevision.Should().Be(1);
        entry.DefinitionVersion.Should().Be(1);
        entry.At.Should().Be(Monday.AddHours(3));
        entry.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task History_forms_a_hash_chain_that_verifies_and_catches_a_changed_entry()
    {
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000, ["EU"]));
        await _h.FireAsync(instance.Id, Triggers.Approve, Fiona);

        var verified = await _h.Engine.VerifyHistoryAsync(instance.Id);
        verified.IsValid.Should().BeTrue();
        verified.Entries.Should().Be(3);

        var history = await _h.Engine.GetHistoryAsync(instance.Id);
        history[1].PreviousHash.Should().Be(history[0].Hash);
        var tampered = history.Select((e, i) => i == 1 ? e with { Actor = "mallory" } : e).ToList();
        var result = MarketingWorkflows.Engine.Internal.HistoryChain.Verify(tampered);
        result.IsValid.Should().BeFalse();
        result.FirstInvalidSequence.Should().Be(2);
    }

    [Fact]
    public async Task Available_actions_say_what_each_person_can_do_and_why_not()
    {
        var fionaTheMarketer = new Actor("fiona", "marketer", "finance");
        var instance = await _h.SubmittedCampaignAsync(Campaign(20_000, owner: "fiona"), fionaTheMarketer);

        var forFrank = await _h.Engine.GetAvailableActionsAsync(instance.Id, Frank);
        forFrank.Single(a => a.Trigger == Triggers.Approve).Allowed.Should().BeTrue();
        forFrank.Single(a => a.Trigger == Triggers.Reject).CommentRequired.Should().BeTrue();
        forFrank.Single(a => a.Trigger == Triggers.Withdraw).Reasons.Should().ContainSingle().Which.Should().Contain("needs one of the roles marketer");

        var forFiona = await _h.Engine.GetAvailableActionsAsync(instance.Id, fionaTheMarketer);
        forFiona.Single(a => a.Trigger == Triggers.Approve).Reasons.Should().ContainSingle().Which.Should().Contain("self-approval is forbidden");
        forFiona.Single(a => a.Trigger == Triggers.Withdraw).Allowed.Should().BeTrue();

        var forLea = await _h.Engine.GetAvailableActionsAsync(instance.Id, Lea);
        forLea.Single(a => a.Trigger == Triggers.Approve).Reasons.Should().ContainSingle().Which.Should().Contain("not an approver");
    }

    [Fact]
    public async Task Available_actions_show_an_already_taken_decision_a_guard_and_checklist_items_not_done()
    {
        var h = new EngineHarness(QuorumProcess.Create("""{ "approvers": [ { "role": "legal" } ], "approve": 2, "onApproved": "Done", "onRejected": "Stopped" }"""));
        var stage = await QuorumProcess.SubmitAsync(h);
        await h.FireAsync(stage.Id, "Approve", Lea);
        (await h.Engine.GetAvailableActionsAsync(stage.Id, Lea)).Single(a => a.Trigger == "Approve").Reasons.Should().ContainSingle().Which.Should().Contain("already decided");

        var campaign = await _h.StartCampaignAsync(Campaign(1_000));
        var checklist = await _h.StartChecklistAsync(campaign.Id, Monday.AddDays(21));
        var forContent = await _h.Engine.GetAvailableActionsAsync(checklist.Id, new Actor("cole", "content"));
        forContent.Single(a => a.Trigger == "Complete:copy").Reasons.Should().Equal("'copy' (Final copy) depends on 'brief', not done yet");
        forContent.Single(a => a.Trigger == "Complete:brief").Reasons.Should().Equal("'brief' (Campaign brief signed off) belongs to the role marketer");
        forContent.Single(a => a.Trigger == "Waive:legal").Allowed.Should().BeFalse();

        var content = await _h.StartContentAsync();
        await _h.FireAsync(content.Id, ContentReview.Triggers.SubmitForReview, Ana);
        await _h.Engine.DecideAsync(content.Id, ContentReview.Decisions.Approved, Bea);
        await _h.Engine.DecideAsync(content.Id, ContentReview.Decisions.Approved, Lea);
        var forAuthor = await _h.Engine.GetAvailableActionsAsync(content.Id, Ana);
        forAuthor.Single(a => a.Trigger == ContentReview.Triggers.NewVersion).Allowed.Should().BeTrue("guards over arguments are checked when fired");
        forAuthor.Single(a => a.Trigger == ContentReview.Triggers.Archive).CommentRequired.Should().BeTrue();
    }

    [Fact]
    public async Task Waiting_on_me_finds_the_stages_my_roles_or_my_name_can_decide()
    {
        _h.Users.Managers["ana"] = "mike";
        var small = await _h.SubmittedCampaignAsync(Campaign(20_000));
        var large = await _h.SubmittedCampaignAsync(Campaign(150_000));
        await _h.FireAsync(large.Id, Triggers.Approve, Fiona);

        var forFinance = await _h.Engine.QueryAsync(new InstanceQuery { WaitingOnUser = "frank", WaitingOnRoles = ["finance"] });
        forFinance.Items.Select(i => i.Id).Should().Equal(small.Id);
        var forMike = await _h.Engine.QueryAsync(new InstanceQuery { WaitingOnUser = "mike", WaitingOnRoles = ["manager"] });
        forMike.Items.Select(i => i.Id).Should().Equal(large.Id);
        var inStage = await _h.Engine.QueryAsync(new InstanceQuery { ProcessId = CampaignApproval.ProcessId, State = States.ExecutiveApproval });
        inStage.Total.Should().Be(1);
    }

    [Fact]
    public async Task Linked_instances_are_found_from_either_side()
    {
        var campaign = await _h.StartCampaignAsync(Campaign(1_000));
        var content = await _h.StartContentAsync(campaign: campaign.Id);
        var other = await _h.StartContentAsync();
        await _h.Engine.LinkAsync(campaign.Id, new InstanceLink(ContentReview.ProcessId, other.Id), Ana);

        (await _h.Engine.QueryAsync(new InstanceQuery { LinkedTo = campaign.Id })).Items.Select(i => i.Id).Should().Equal(content.Id);
        (await _h.Engine.GetAsync(campaign.Id)).Links.Should().ContainSingle(l => l.InstanceId == other.Id);
        var linkToNowhere = () => _h.Engine.LinkAsync(campaign.Id, new InstanceLink("content-review", Guid.NewGuid()), Ana);
        await linkToNowhere.Should().ThrowAsync<InstanceNotFoundException>();
    }

    [Fact]
    public async Task Data_changes_are_validated_recorded_and_limited_to_the_creator_owner_or_editor_roles()
    {
        var instance = await _h.StartCampaignAsync(Campaign(1_000));

        var invalid = () => _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { regions = new[] { "Mars" } }), Ana));
        (await invalid.Should().ThrowAsync<CommandValidationException>()).Which.Errors.Should().ContainSingle().Which.Path.Should().Be("regions[0]");

        var stranger = () => _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { objective = "x" }), Otto));
        await stranger.Should().ThrowAsync<CommandForbiddenException>();

        var changed = await _h.Engine.UpdateDataAsync(new DataCommand(instance.Id, Json(new { objective = "More leads", expectedLeads = (object?)null }), Ana) { Comment = "sharper objective" });
        changed.Instance.DataRevision.Should().Be(2);
        changed.Instance.Data.TryGetProperty("expectedLeads", out _).Should().BeFalse();
        var entry = (await _h.Engine.GetHistoryAsync(instance.Id))[^1];
        entry.Kind.Should().Be(HistoryKind.DataChanged);
        entry.Comment.Should().Be("sharper objective");
        changed.Events.Should().ContainSingle().Which.Type.Should().Be("marketingworkflows.campaign-approval.data-changed");
    }

    [Fact]
    public async Task Events_follow_the_cloud_events_naming_and_carry_the_instance_version()
    {
        var instance = await _h.StartCampaignAsync(Campaign(20_000));

        var result = await _h.FireAsync(instance.Id, Triggers.Submit, Ana);

        var e = result.Events.Should().ContainSingle().Subject;
        e.Type.Should().Be("marketingworkflows.campaign-approval.budget-review");
        e.Subject().Should().Be(instance.Id);
        e.InstanceVersion.Should().Be(2);
        e.Data.GetProperty("from").GetString().Should().Be(States.Draft);
        (await _h.Store.GetPendingEventsAsync(10)).Select(p => p.Id).Should().Contain(e.Id);
    }

    [Fact]
    public async Task Commands_on_different_instances_run_in_parallel_without_losing_any()
    {
        var instances = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            instances.Add((await _h.SubmittedCampaignAsync(Campaign(20_000, ["EU"]))).Id);
        }

        await Task.WhenAll(instances.Select(id => Task.Run(async () =>
        {
            await _h.FireAsync(id, Triggers.Approve, Fiona);
            await _h.FireAsync(id, Triggers.Approve, Lea);
        })));

        foreach (var id in instances)
        {
            (await _h.Engine.GetAsync(id)).State.Should().Be(States.Approved);
            (await _h.Engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }
    }

    [Fact]
    public async Task Commands_are_counted_timed_and_failures_counted_by_reason_on_the_marketing_workflows_meter()
    {
        // Engines of tests running in parallel report on the same meter, from their own threads.
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Name, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "MarketingWorkflows")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, Reason(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, null)));
        listener.Start();
        var spans = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "MarketingWorkflows",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => spans.Enqueue(a.OperationName),
        };
        ActivitySource.AddActivityListener(activities);

        var instance = await _h.StartCampaignAsync(Campaign(20_000));
        await _h.FireAsync(instance.Id, Triggers.Submit, Ana);
        await ((Func<Task>)(() => _h.FireAsync(instance.Id, Triggers.Approve, Lea))).Should().ThrowAsync<CommandForbiddenException>();

        measurements.Count(m => m.Name == "marketingworkflows.commands").Should().BeGreaterThanOrEqualTo(2);
        measurements.Should().Contain(("marketingworkflows.command.failures", "Forbidden"));
        measurements.Count(m => m.Name == "marketingworkflows.command.duration").Should().BeGreaterThanOrEqualTo(3);
        spans.Should().Contain(["start campaign-approval", "fire Submit", "fire Approve"]);

        static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    return tag.Value as string;
                }
            }

            return null;
        }
    }
}

internal static class ProcessEventExtensions
{
    public static Guid Subject(this ProcessEvent e) => e.InstanceId;
}
