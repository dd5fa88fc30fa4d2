using MarketingWorkflows.Storage;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// How a store shared by several hosts hands out events: each to one host at a time, in order per
/// instance, an instance held back while one of its events waits for a retry, and a claim whose
/// lease ran out taken over. Run by the SQLite and PostgreSQL stores with several stores on one database.
/// </summary>
public abstract class EventClaimContract
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Opens another store on the same database, as another host would.</summary>
    protected abstract IProcessStore NewHost();

    [Fact]
    public async Task An_instances_events_go_to_one_host_at_a_time_and_in_order()
    {
        var a = NewHost();
        var b = NewHost();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(first, 1), null, 1, events: 2));
        await a.CommitAsync(Commit(Instance(second, 1), null, 1, events: 1));
        await a.CommitAsync(Commit(Instance(first, 2), 1, 2, events: 2));
        var now = T0.AddDays(1);

        // Host a takes the first event only; host b may not take first's later events meanwhile.
        var taken = await a.ClaimPendingEventsAsync(now, 1, Lease);
        taken.Single().Event.InstanceId.Should().Be(first);
        var forB = await b.ClaimPendingEventsAsync(now, 100, Lease);
        forB.Should().ContainSingle().Which.Event.InstanceId.Should().Be(second);

        // Delivered: the rest of first's events are free, in their order.
        await a.AcknowledgeEventsAsync([taken[0].Event.Id]);
        var rest = await b.ClaimPendingEventsAsync(now, 100, Lease);
        rest.Select(e => e.Event.InstanceVersion).Should().Equal(1, 2, 2);
        rest.Should().OnlyContain(e => e.Event.InstanceId == first);

        // Leases that ran out are taken over, each instance's events in their order.
        var later = await a.ClaimPendingEventsAsync(now + Lease, 100, Lease);
        later.Select(e => e.Event.Id).Should().BeEquivalentTo(forB.Concat(rest).Select(e => e.Event.Id));
        later.Where(e => e.Event.InstanceId == first).Select(e => e.Event.Id).Should().Equal(rest.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task A_claim_fills_its_batch_from_a_busy_instance_once_every_instance_had_its_turn()
    {
        var a = NewHost();
        var quiet = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in quiet)
        {
            await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 1));
        }

        var busy = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(busy, 1), null, 1, events: 12));
        var now = T0.AddDays(1);

        var batch = await a.ClaimPendingEventsAsync(now, 10, Lease);

        batch.Should().HaveCount(10, "the busy instance's events fill what the quiet ones leave");
        batch.Where(e => e.Event.InstanceId != busy).Select(e => e.Event.InstanceId).Should().BeEquivalentTo(quiet);
        var all = await a.GetPendingEventsAsync(100);
        batch.Where(e => e.Event.InstanceId == busy).Select(e => e.Event.Id).Should().Equal(all.Where(e => e.InstanceId == busy).Take(7).Select(e => e.Id), "an instance's first events, in order");
        batch.Select(e => e.Event.Id).Should().Equal(all.Take(10).Select(e => e.Id), "the batch comes in the outbox's order");
    }

    [Fact]
    public async Task A_failed_event_rests_its_instance_and_a_lost_claim_is_taken_over_in_order()
    {
        var a = NewHost();
        var b = NewHost();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));
        var now = T0.AddDays(1);
        var three = await a.ClaimPendingEventsAsync(now, 10, Lease);
        three.Should().HaveCount(3);

        // Host a delivered the first but died before acknowledging it; the second failed and waits
        // for its retry. Nothing of the instance may go before the third, and the third not
        // before the second: the instance rests until the retry, then goes again from the first.
        await a.RecordDeliveryFailureAsync(three[1].Event.Id, "handler down", now.AddHours(1), []);
        (await b.ClaimPendingEventsAsync(now + Lease + TimeSpan.FromSeconds(1), 10, Lease)).Should().BeEmpty();

        var again = await b.ClaimPendingEventsAsync(now.AddHours(1), 10, Lease);
        again.Select(e => e.Event.Id).Should().Equal(three.Select(e => e.Event.Id));
        again[1].Attempts.Should().Be(1);
    }
}
