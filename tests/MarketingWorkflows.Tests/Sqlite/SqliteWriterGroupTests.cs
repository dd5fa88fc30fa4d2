using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;

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
        var engine = Engine(store);
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

    [Fact]
    public async Task A_full_file_refuses_the_commands_of_a_group_and_still_takes_its_acknowledgements()
    {
        var store = _database.OpenStore();
        var engine = Engine(store);
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(10_000).ToJson(), EngineHarness.Ana);
        var moved = await engine.FireAsync(new ProcessCommand(instance.Id, CampaignApproval.Triggers.Submit, EngineHarness.Ana));
        var events = await store.GetPendingEventsAsync(100);
        events.Should().NotBeEmpty();
        var entry = (await store.GetHistoryAsync(instance.Id))[^1];

        // A commit whose history entry needs pages the file may not grow by, and an acknowledgement, in one group.
        var big = new PendingCommit(new InstanceCommit(moved.Instance with { Version = moved.Instance.Version + 1 }, moved.Instance.Version, [entry with { Sequence = entry.Sequence + 1, Comment = new string('c', 100_000) }], null, [], null) { Previous = moved.Instance });
        var acknowledgement = new PendingAcknowledgement([.. events.Select(e => e.Id)]);
        await using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            using (var cap = connection.CreateCommand())
            {
                cap.CommandText = "PRAGMA page_count;";
                var pages = Convert.ToInt64(cap.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                cap.CommandText = $"PRAGMA max_page_count = {pages};";
                cap.ExecuteNonQuery();
            }

            using var writer = new SqliteWriter(connection, store.Fault, "FULL");
            writer.Write([big, acknowledgement]);
        }

        await FluentActions.Awaiting(() => big.Completion.Task).Should().ThrowAsync<StoreFullException>();
        await acknowledgement.Completion.Task;
        (await store.GetPendingEventsAsync(100)).Should().BeEmpty("the acknowledgement deleted rows and needed no page");
        (await store.GetAsync(instance.Id))!.Version.Should().Be(moved.Instance.Version);
    }

    private static ProcessEngine Engine(IProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            registry.Register(definition);
        }

        return new ProcessEngine(registry, store);
    }
}
