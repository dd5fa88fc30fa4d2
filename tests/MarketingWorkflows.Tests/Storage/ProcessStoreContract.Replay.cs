using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// Replays: an idempotency record refers to the instance and version its command produced, and the
/// store gives back that version's events, so an engine answers a command sent again on every store.
/// </summary>
public abstract partial class ProcessStoreContract
{
    [Fact]
    public async Task The_events_of_one_instance_version_come_back_in_commit_order_whatever_their_delivery()
    {
        // Versions committed with an idempotency record: the only ones the engine asks about.
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var other = Guid.NewGuid();
        var started = Commit(Instance(id, 1), null, 1, events: 2, key: "start");
        var submitted = Commit(Instance(id, 2), 1, 2, events: 3, key: "submit");
        await store.CommitAsync(started);
        await store.CommitAsync(Commit(Instance(other, 2), null, 1, events: 1, key: "other"));
        await store.CommitAsync(submitted);
        await store.CommitAsync(Commit(Instance(id, 3), 2, 3, key: "nothing"));
        await store.CommitAsync(Commit(Instance(id, 4), 3, 4, events: 1, key: "later"));
        await store.AcknowledgeEventsAsync([submitted.Events[0].Id]);
        await store.RecordDeliveryFailureAsync(submitted.Events[1].Id, "gone", null, []);

        (await store.GetEventsAsync(id, 2)).Should().Equal(submitted.Events, "delivered, dead-lettered and pending events alike, byte for byte");
        (await store.GetEventsAsync(id, 1)).Should().Equal(started.Events);
        (await store.GetEventsAsync(id, 3)).Should().BeEmpty("that version produced no event");
        (await store.GetEventsAsync(other, 2)).Should().ContainSingle().Which.InstanceId.Should().Be(other);
        (await store.GetEventsAsync(Guid.NewGuid(), 1)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_delivered_event_removed_by_retention_is_no_longer_among_its_version_s_events()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var old = new ProcessEvent(Guid.NewGuid(), "marketingworkflows.campaign-approval.old", "campaign-approval", id, 1, T0, JsonSerializer.SerializeToElement(new { n = 1 }));
        var recent = old with { Id = Guid.NewGuid(), Time = T0.AddDays(40) };
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, key: "start") with { Events = [old, recent] });
        await store.AcknowledgeEventsAsync([old.Id, recent.Id]);

        (await store.RemoveExpiredEventsAsync(T0.AddDays(30), 100)).Should().Be(1);

        (await store.GetEventsAsync(id, 1)).Select(e => e.Id).Should().Equal(recent.Id);
    }

    [Fact]
    public async Task A_command_sent_again_after_the_instance_moved_on_answers_the_instance_now_with_the_command_s_own_events()
    {
        var store = await CreateStoreAsync();
        using var engine = ReplayEngine(store);
        var started = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana, idempotencyKey: "start-1");
        var submit = new ProcessCommand(started.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-1" };
        var submitted = await engine.FireAsync(submit);
        var approved = await engine.DecideAsync(started.Id, "approved", EngineHarness.Fiona);
        var history = await engine.GetHistoryAsync(started.Id);

        var again = await engine.FireAsync(submit);
        var startedAgain = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana, idempotencyKey: "start-1");

        submitted.Events.Should().NotBeEmpty();
        again.Replayed.Should().BeTrue();
        (again.Instance.Id, again.Instance.State, again.Instance.Version).Should().Be((started.Id, approved.Instance.State, approved.Instance.Version), "a replay answers the instance as it is now");
        again.Events.Should().Equal(submitted.Events, "the events are those the submit produced, not the decision's");
        (startedAgain.Id, startedAgain.Version).Should().Be((started.Id, approved.Instance.Version));
        (await engine.GetHistoryAsync(started.Id)).Should().HaveCount(history.Count, "nothing was applied again");
        (await store.GetAsync(started.Id))!.Version.Should().Be(approved.Instance.Version);
        (await engine.QueryAsync(new InstanceQuery())).Total.Should().Be(1);
    }

    [Fact]
    public async Task A_key_sent_again_with_another_request_is_refused_and_names_what_it_was_used_for()
    {
        var store = await CreateStoreAsync();
        using var engine = ReplayEngine(store);
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
        await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "k2" });

        var startAnother = () => engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(20_000).ToJson(), EngineHarness.Ana, idempotencyKey: "k1");
        var cancel = () => engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Cancel, EngineHarness.Ana) { IdempotencyKey = "k2", Comment = "not needed", Arguments = EngineHarness.Json(new { reason = "duplicate" }) });

        (await startAnother.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should()
            .Contain($"to start instance {campaign.Id} of 'campaign-approval'").And.Contain("with other data");
        (await cancel.Should().ThrowAsync<IdempotencyKeyReusedException>()).Which.Message.Should()
            .Contain($"'fire' on instance {campaign.Id}").And.Contain("with other trigger");
        (await engine.QueryAsync(new InstanceQuery())).Total.Should().Be(1);
        (await engine.GetAsync(campaign.Id)).State.Should().Be(CampaignApproval.States.BudgetReview);
    }

    private static ProcessEngine ReplayEngine(IProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store, timeProvider: new ManualClock(EngineHarness.Monday));
    }
}
