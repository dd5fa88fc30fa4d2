using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>The writer's groups hold commands and the event dispatcher's claims and acknowledgements together.</summary>
public sealed class SqliteWriterGroupTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Commands_and_the_deliveries_claimed_and_acknowledged_beside_them_all_commit_once()
    {
        var store = _database.OpenStore();
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        var engine = new ProcessEngine(registry, store);
        var ids = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add((await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana)).Id);
        }

        var firing = Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var state = (await engine.GetAsync(id)).State;
            for (var i = 0; i < 20; i++)
            {
                var trigger = state == CampaignApproval.States.Draft ? CampaignApproval.Triggers.Submit : CampaignApproval.Triggers.Withdraw;
                state = (await engine.FireAsync(new ProcessCommand(id, trigger, EngineHarness.Ana))).Instance.State;
            }
        })));

        var delivered = new List<Guid>();
        while (true)
        {
            var done = firing.IsCompleted;
            var claimed = await store.ClaimPendingEventsAsync(EngineHarness.Monday.AddYears(1), 50, TimeSpan.FromMinutes(1));
            if (claimed.Count > 0)
            {
                await store.AcknowledgeEventsAsync([.. claimed.Select(c => c.Event.Id)]);
                delivered.AddRange(claimed.Select(c => c.Event.Id));
            }
            else if (done)
            {
                break;
            }
        }

        await firing;
        foreach (var id in ids)
        {
            (await engine.GetAsync(id)).Version.Should().Be(21);
            (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }

        delivered.Should().OnlyHaveUniqueItems();
        (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Should().BeEmpty();
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 10_000)).Select(e => e.Event.Id).Should().BeEquivalentTo(delivered);
    }
}
