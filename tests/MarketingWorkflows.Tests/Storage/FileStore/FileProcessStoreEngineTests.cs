using System.Collections.Concurrent;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MarketingWorkflows.Tests.Storage.FileStore;

/// <summary>The engine over the JSON file store, end to end, across a restart.</summary>
public sealed class FileProcessStoreEngineTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new(EngineHarness.Monday);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_campaign_started_submitted_and_approved_on_the_file_store_verifies_and_replays_after_a_restart()
    {
        var engine = Engine();
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var submitted = await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once", Comment = "ready for finance" });
        submitted.Instance.State.Should().Be(CampaignApproval.States.BudgetReview);
        _clock.Advance(TimeSpan.FromHours(2));
        var approved = await engine.DecideAsync(campaign.Id, "approved", EngineHarness.Fiona);
        approved.Instance.State.Should().Be(CampaignApproval.States.Approved);

        // A new store and engine on the folder: everything comes from the files.
        var restarted = Engine();
        var history = await restarted.GetHistoryAsync(campaign.Id);
        history.Select(e => e.ToState).Should().Equal(CampaignApproval.States.Draft, CampaignApproval.States.BudgetReview, CampaignApproval.States.Approved);
        history[1].Comment.Should().Be("ready for finance");
        history[2].Actor.Should().Be("fiona");
        (await restarted.VerifyHistoryAsync(campaign.Id)).IsValid.Should().BeTrue();
        (await restarted.GetAsync(campaign.Id)).Version.Should().Be(approved.Instance.Version);

        var again = await restarted.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana) { IdempotencyKey = "submit-once", Comment = "ready for finance" });
        again.Replayed.Should().BeTrue();
        (again.Instance.Version, again.Instance.State).Should().Be((approved.Instance.Version, CampaignApproval.States.Approved), "a replay answers the instance as it is now");
        again.Events.Should().Equal(submitted.Events, "the submit's events come back from the outbox files as they were");

        var pending = await new FileProcessStore(_folder.Path).GetPendingEventsAsync(100);
        var committed = submitted.Events.Concat(approved.Events).ToList();
        pending.Skip(pending.Count - committed.Count).Should().Equal(committed, "the outbox holds each command's events in the order they committed");
    }

    [Fact]
    public async Task A_host_registered_with_the_file_store_delivers_each_committed_event_once_and_marks_it_delivered()
    {
        var seen = new ConcurrentQueue<ProcessEvent>();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(seen);
        builder.Services.AddMarketingWorkflows(o => o.PollInterval = TimeSpan.FromMilliseconds(20))
            .AddBuiltInProcesses()
            .UseStore(_ => new FileProcessStore(_folder.Path))
            .AddEventHandler<Recorder>();
        builder.Services.AddSingleton<IInstanceCopies>(provider => provider.GetRequiredService<FileProcessStore>());
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IProcessEngine>();
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        await engine.DecideAsync(campaign.Id, "approved", EngineHarness.Fiona);
        var store = new FileProcessStore(_folder.Path);
        for (var i = 0; i < 500 && (await store.GetPendingEventsAsync(100)).Count > 0; i++)
        {
            await Task.Delay(20);
        }

        await host.StopAsync();
        var delivered = await store.GetOutboxAsync(OutboxStatus.Delivered, 100);
        delivered.Should().NotBeEmpty();
        (await store.GetPendingEventsAsync(100)).Should().BeEmpty();
        seen.Select(e => e.Id).Should().Equal(delivered.Select(e => e.Event.Id), "each event went to the handler once, in the order committed");
        (await engine.VerifyHistoryAsync(campaign.Id)).IsValid.Should().BeTrue();
    }

    private ProcessEngine Engine()
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        var store = new FileProcessStore(_folder.Path);
        return new ProcessEngine(registry, store, timeProvider: _clock, copies: store);
    }

    private sealed class Recorder(ConcurrentQueue<ProcessEvent> seen) : IProcessEventHandler
    {
        public Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
        {
            seen.Enqueue(processEvent);
            return Task.CompletedTask;
        }
    }
}
