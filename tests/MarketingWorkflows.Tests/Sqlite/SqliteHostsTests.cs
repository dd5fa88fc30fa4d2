using System.Collections.Concurrent;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>Several stores on one file behave as several processes on it: each event goes to one of them at a time.</summary>
public sealed class SqliteHostsTests : EventClaimContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    protected override IProcessStore NewHost() => _database.OpenStore();

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_replayed_event_can_be_claimed_at_once()
    {
        var a = _database.OpenStore();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 1));
        var now = T0.AddDays(1);
        var claimed = (await a.ClaimPendingEventsAsync(now, 10, Lease)).Single();
        await a.RecordDeliveryFailureAsync(claimed.Event.Id, "gone", null, []);

        (await a.ReplayEventAsync(claimed.Event.Id)).Should().BeTrue();

        (await _database.OpenStore().ClaimPendingEventsAsync(now, 10, Lease)).Should().ContainSingle().Which.Event.Id.Should().Be(claimed.Event.Id);
    }

    [Fact]
    public async Task Two_processes_delivering_from_one_file_deliver_each_event_once()
    {
        var seed = _database.OpenStore();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await seed.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));
        }

        var seen = new ConcurrentQueue<(string Process, ProcessEvent Event)>();
        var options = new MarketingWorkflowsOptions { BatchSize = 7 };
        var dispatchers = new[] { "a", "b" }
            .Select(name => new EventDispatcher(_database.OpenStore(), [new Recorder(name, seen)], null, options, new FixedClock(T0.AddDays(1))))
            .ToList();

        for (var round = 0; round < 40 && seen.Count < ids.Count * 3; round++)
        {
            await Task.WhenAll(dispatchers.Select(d => d.RunOnceAsync(CancellationToken.None)));
        }

        seen.Select(s => s.Event.Id).Should().OnlyHaveUniqueItems().And.HaveCount(ids.Count * 3);
        seen.Select(s => s.Process).Distinct().Should().HaveCount(2, "both processes took part");
        foreach (var id in ids)
        {
            seen.Where(s => s.Event.InstanceId == id).Select(s => s.Event.Type[^2..]).Should().Equal(["e0", "e1", "e2"], "an instance's events are delivered in order, whichever process delivers them");
        }

        (await seed.GetPendingEventsAsync(10)).Should().BeEmpty();
    }

    private sealed class Recorder(string process, ConcurrentQueue<(string, ProcessEvent)> seen) : IProcessEventHandler
    {
        public async Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
        {
            await Task.Yield();
            seen.Enqueue((process, processEvent));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
