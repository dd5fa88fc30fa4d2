using System.Collections.Concurrent;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>Several stores on one file behave as several processes on it: each event goes to one of them at a time.</summary>
public sealed class SqliteHostsTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task An_instances_events_go_to_one_process_at_a_time_and_in_order()
    {
        var a = _database.OpenStore();
        var b = _database.OpenStore();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(first, 1), null, 1, events: 2));
        await a.CommitAsync(Commit(Instance(second, 1), null, 1, events: 1));
        await a.CommitAsync(Commit(Instance(first, 2), 1, 2, events: 2));
        var now = T0.AddDays(1);

        // Process a takes the first event only; b may not take first's later events meanwhile.
        var taken = await a.ClaimPendingEventsAsync(now, 1, Lease);
        taken.Single().Event.InstanceId.Should().Be(first);
        var forB = await b.ClaimPendingEventsAsync(now, 100, Lease);
        forB.Should().ContainSingle().Which.Event.InstanceId.Should().Be(second);

        // Delivered: the rest of first's events are free, in their order; second's stays with b until its lease ends.
        await a.AcknowledgeEventsAsync([taken[0].Event.Id]);
        var rest = await b.ClaimPendingEventsAsync(now, 100, Lease);
        rest.Select(e => e.Event.InstanceVersion).Should().Equal(1, 2, 2);
        rest.Should().OnlyContain(e => e.Event.InstanceId == first);
        (await a.ClaimPendingEventsAsync(now + Lease, 100, Lease)).Select(e => e.Event.InstanceId).Should().Equal([first, second, first, first], "leases that ran out are taken over, in commit order");
    }

    [Fact]
    public async Task A_failed_event_holds_back_its_instance_until_its_retry_and_a_lost_claim_is_taken_over()
    {
        var a = _database.OpenStore();
        var b = _database.OpenStore();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));
        var now = T0.AddDays(1);
        var three = await a.ClaimPendingEventsAsync(now, 10, Lease);
        three.Should().HaveCount(3);

        // a delivered the first but stopped before acknowledging it; the second failed and waits
        // for its retry. Nothing of the instance may go before then, the first included.
        await a.RecordDeliveryFailureAsync(three[1].Event.Id, "handler down", now.AddHours(1));
        (await b.ClaimPendingEventsAsync(now + Lease + TimeSpan.FromSeconds(1), 10, Lease)).Should().BeEmpty();

        var again = await b.ClaimPendingEventsAsync(now.AddHours(1), 10, Lease);
        again.Select(e => e.Event.Id).Should().Equal(three.Select(e => e.Event.Id));
        again[1].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task A_replayed_event_can_be_claimed_at_once()
    {
        var a = _database.OpenStore();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 1));
        var now = T0.AddDays(1);
        var claimed = (await a.ClaimPendingEventsAsync(now, 10, Lease)).Single();
        await a.RecordDeliveryFailureAsync(claimed.Event.Id, "gone", null);

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
            .Select(name => new EventDispatcher(_database.OpenStore(), [new Recorder(name, seen)], options, new FixedClock(T0.AddDays(1))))
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
