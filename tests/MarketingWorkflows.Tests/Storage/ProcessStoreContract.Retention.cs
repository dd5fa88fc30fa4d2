using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>Retention: what every store removes when asked, and what it keeps.</summary>
public abstract partial class ProcessStoreContract
{
    [Fact]
    public async Task Removing_old_idempotency_records_keeps_the_newer_ones_and_frees_the_old_keys()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1) with { Idempotency = Key("old", createdAt: T0) });
        await store.CommitAsync(Commit(Instance(id, 2), 1, 2) with { Idempotency = Key("edge", createdAt: T0.AddDays(1)) });
        await store.CommitAsync(Commit(Instance(id, 3), 2, 3) with { Idempotency = Key("new", createdAt: T0.AddDays(2)) });

        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 100)).Should().Be(1);

        (await store.FindCommandAsync("ana", "old")).Should().BeNull();
        (await store.FindCommandAsync("ana", "edge"))!.Record.CreatedAt.Should().Be(T0.AddDays(1));
        (await store.FindCommandAsync("ana", "new")).Should().NotBeNull();
        await store.CommitAsync(Commit(Instance(id, 4) with { State = "Again" }, 3, 4) with { Idempotency = Key("old", createdAt: T0.AddDays(9)) });
        (await store.FindCommandAsync("ana", "old")).Should().Be(new RecordedCommand(Key("old", createdAt: T0.AddDays(9)), id, 4));
        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 100)).Should().Be(0);
    }

    [Fact]
    public async Task Expired_idempotency_records_go_a_batch_at_a_time_oldest_first()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var created = new[] { 4, 1, 3, 2, 5 };
        for (var i = 0; i < created.Length; i++)
        {
            await store.CommitAsync(Commit(Instance(id, i + 1), i == 0 ? null : i, i + 1) with { Idempotency = Key("k" + created[i], createdAt: T0.AddHours(created[i])) });
        }

        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 2)).Should().Be(2);
        (await store.FindCommandAsync("ana", "k1")).Should().BeNull();
        (await store.FindCommandAsync("ana", "k2")).Should().BeNull();
        (await store.FindCommandAsync("ana", "k3")).Should().NotBeNull("only two were asked for, the oldest");

        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 2)).Should().Be(2);
        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 2)).Should().Be(1);
        (await store.RemoveExpiredCommandsAsync(T0.AddDays(1), 2)).Should().Be(0);
        (await store.FindCommandAsync("ana", "k5")).Should().BeNull();
    }

    [Fact]
    public async Task Old_delivered_events_are_removed_and_recent_pending_and_dead_lettered_ones_kept()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var times = new[] { T0, T0.AddDays(1), T0.AddDays(2), T0.AddDays(3), T0.AddDays(40) };
        await store.CommitAsync(Commit(Instance(id, 1), null, 1) with { Events = [.. times.Select(t => Event(id, 1, t))] });
        var events = (await store.GetOutboxAsync(OutboxStatus.Pending, 100)).Where(e => e.Event.InstanceId == id).Select(e => e.Event).ToList();
        events.Should().HaveCount(5);

        // Old: the first delivered, the second dead-lettered, the third still pending; the fourth and fifth delivered.
        await store.AcknowledgeEventsAsync([events[0].Id, events[3].Id, events[4].Id]);
        await store.RecordDeliveryFailureAsync(events[1].Id, "gone", null, []);

        (await store.RemoveExpiredEventsAsync(T0.AddDays(30), 100)).Should().Be(2);

        (await store.GetOutboxAsync(OutboxStatus.Delivered, 100)).Select(e => e.Event.Id).Should().Equal(events[4].Id);
        (await store.GetOutboxAsync(OutboxStatus.DeadLettered, 100)).Select(e => e.Event.Id).Should().Equal(events[1].Id);
        (await store.GetOutboxAsync(OutboxStatus.Pending, 100)).Select(e => e.Event.Id).Should().Equal(events[2].Id);
        (await store.ReplayEventAsync(events[0].Id)).Should().BeFalse("a removed event is gone");
        (await store.RemoveExpiredEventsAsync(T0.AddDays(30), 100)).Should().Be(0);
    }

    [Fact]
    public async Task Delivered_events_go_a_batch_at_a_time_oldest_first()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1) with { Events = [.. Enumerable.Range(0, 5).Select(i => Event(id, 1, T0.AddMinutes(i)))] });
        var events = (await store.GetOutboxAsync(OutboxStatus.Pending, 100)).Where(e => e.Event.InstanceId == id).Select(e => e.Event).ToList();
        await store.AcknowledgeEventsAsync([.. events.Select(e => e.Id)]);

        (await store.RemoveExpiredEventsAsync(T0.AddDays(1), 2)).Should().Be(2);
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 100)).Select(e => e.Event.Id).Should().Equal(events.Skip(2).Select(e => e.Id));
        (await store.RemoveExpiredEventsAsync(T0.AddDays(1), 2)).Should().Be(2);
        (await store.RemoveExpiredEventsAsync(T0.AddDays(1), 2)).Should().Be(1);
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 100)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_removal_batch_below_one_is_refused()
    {
        var store = await CreateStoreAsync();

        await FluentActions.Awaiting(() => store.RemoveExpiredCommandsAsync(T0, 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        await FluentActions.Awaiting(() => store.RemoveExpiredEventsAsync(T0, 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Statistics_count_the_backlog_and_the_idempotency_records()
    {
        var store = await CreateStoreAsync();
        var statistics = store.Should().BeAssignableTo<IStoreStatistics>().Subject;
        (await statistics.GetStatisticsAsync()).Should().Be(new StoreStatistics(0, null, 0, 0));

        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, key: "k1") with { Events = [Event(id, 1, T0.AddMinutes(1)), Event(id, 1, T0.AddMinutes(2)), Event(id, 1, T0.AddMinutes(3))] });
        await store.CommitAsync(Commit(Instance(id, 2), 1, 2) with { Idempotency = Key("k2") });
        var events = (await store.GetOutboxAsync(OutboxStatus.Pending, 100)).Select(e => e.Event).ToList();
        await store.AcknowledgeEventsAsync([events[0].Id]);
        await store.RecordDeliveryFailureAsync(events[1].Id, "gone", null, []);

        (await statistics.GetStatisticsAsync()).Should().Be(new StoreStatistics(1, T0.AddMinutes(3), 1, 2));
    }

    private static ProcessEvent Event(Guid instanceId, long version, DateTimeOffset time)
        => new(Guid.NewGuid(), "marketingworkflows.campaign-approval.e", "campaign-approval", instanceId, version, time, JsonSerializer.SerializeToElement(new { at = time }));
}
