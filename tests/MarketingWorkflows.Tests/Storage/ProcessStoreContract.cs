using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// What every <see cref="IProcessStore"/> must do. A store's test class derives from this and
/// creates a fresh, empty store; the in-memory, SQLite and PostgreSQL stores run the same tests.
/// </summary>
public abstract partial class ProcessStoreContract
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IProcessStore> CreateStoreAsync();

    [Fact]
    public async Task A_new_instance_is_read_back_as_committed()
    {
        var store = await CreateStoreAsync();
        var instance = Instance(Guid.NewGuid(), version: 1);
        await store.CommitAsync(Commit(instance, null, 1));

        var read = await store.GetAsync(instance.Id);

        read.Should().NotBeNull();
        read!.State.Should().Be("Draft");
        read.Version.Should().Be(1);
        read.Data.GetProperty("name").GetString().Should().Be("Spring launch");
        read.Links.Should().ContainSingle(l => l.Relation == "content-review");
        (await store.GetHistoryAsync(instance.Id)).Select(h => h.Sequence).Should().Equal(1);
    }

    [Fact]
    public async Task Reading_an_unknown_instance_gives_null_and_no_history()
    {
        var store = await CreateStoreAsync();
        (await store.GetAsync(Guid.NewGuid())).Should().BeNull();
        (await store.GetHistoryAsync(Guid.NewGuid())).Should().BeEmpty();
    }

    [Fact]
    public async Task Inserting_an_instance_twice_is_a_conflict()
    {
        var store = await CreateStoreAsync();
        var instance = Instance(Guid.NewGuid(), version: 1);
        await store.CommitAsync(Commit(instance, null, 1));

        var again = () => store.CommitAsync(Commit(instance, null, 1));

        (await again.Should().ThrowAsync<StoreConcurrencyException>()).Which.ActualVersion.Should().Be(1);
    }

    [Fact]
    public async Task A_commit_with_a_stale_version_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1));
        await store.CommitAsync(Commit(Instance(id, 2) with { State = "Review" }, 1, 2, timers: [Timer(id, "Review")]));

        var stale = () => store.CommitAsync(Commit(Instance(id, 2) with { State = "Cancelled" }, 1, 3, events: 1, key: "stale-key"));

        var conflict = (await stale.Should().ThrowAsync<StoreConcurrencyException>()).Which;
        conflict.ExpectedVersion.Should().Be(1);
        conflict.ActualVersion.Should().Be(2);
        (await store.GetAsync(id))!.State.Should().Be("Review");
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
        (await store.GetTimersAsync(id)).Should().ContainSingle();
        (await store.FindCommandAsync("ana", "stale-key")).Should().BeNull();
    }

    [Fact]
    public async Task A_stale_commit_that_names_its_previous_instance_changes_nothing()
    {
        // The engine names the instance it decided on; a store may then check and write in one step.
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var first = Instance(id, 1);
        await store.CommitAsync(Commit(first, null, 1));
        await store.CommitAsync(Commit(Instance(id, 2) with { State = "Review" }, 1, 2, timers: [Timer(id, "Review")]) with { Previous = first });

        var stale = () => store.CommitAsync(Commit(Instance(id, 2) with { State = "Cancelled" }, 1, 2, events: 1, key: "stale-known") with { Previous = first });

        var conflict = (await stale.Should().ThrowAsync<StoreConcurrencyException>()).Which;
        conflict.ExpectedVersion.Should().Be(1);
        conflict.ActualVersion.Should().Be(2);
        (await store.GetAsync(id))!.State.Should().Be("Review");
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
        (await store.GetTimersAsync(id)).Should().ContainSingle();
        (await store.GetPendingEventsAsync(10)).Should().NotContain(e => e.InstanceId == id);
        (await store.FindCommandAsync("ana", "stale-known")).Should().BeNull();
    }

    [Fact]
    public async Task A_repeated_key_on_a_commit_that_names_its_previous_instance_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var first = Instance(id, 1);
        await store.CommitAsync(Commit(first, null, 1));
        var second = Instance(id, 2) with { State = "Review" };
        await store.CommitAsync(Commit(second, 1, 2, events: 1, key: "known-1") with { Previous = first });

        var again = () => store.CommitAsync(Commit(Instance(id, 3) with { State = "Approved" }, 2, 3, events: 1, key: "known-1") with { Previous = second });

        await again.Should().ThrowAsync<DuplicateCommandException>();
        (await store.GetAsync(id))!.State.Should().Be("Review");
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
        (await store.GetPendingEventsAsync(10)).Where(e => e.InstanceId == id).Should().ContainSingle();
        (await store.FindCommandAsync("ana", "known-1"))!.InstanceVersion.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_commits_that_name_their_previous_instance_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        var first = Instance(id, 1);
        await store.CommitAsync(Commit(first, null, 1));

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.CommitAsync(Commit(Instance(id, 2) with { State = "S" + i }, 1, 2, events: 1, key: "race-" + i) with { Previous = first });
                return true;
            }
            catch (StoreConcurrencyException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);

        results.Count(r => r).Should().Be(1);
        var winner = (await store.GetAsync(id))!.State;
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
        (await store.GetPendingEventsAsync(100)).Where(e => e.InstanceId == id).Should().ContainSingle();
        var recorded = 0;
        for (var i = 0; i < 16; i++)
        {
            recorded += await store.FindCommandAsync("ana", "race-" + i) is null ? 0 : 1;
        }

        recorded.Should().Be(1);
        (await store.FindCommandAsync("ana", "race-" + winner[1..])).Should().Be(new RecordedCommand(Key("race-" + winner[1..]), id, 2));
        (await store.GetEventsAsync(id, 2)).Should().ContainSingle().Which.Type.Should().Be("marketingworkflows.campaign-approval.e0");
    }

    [Fact]
    public async Task History_is_appended_in_order_across_commits()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1));
        await store.CommitAsync(Commit(Instance(id, 2), 1, 2, 3));
        await store.CommitAsync(Commit(Instance(id, 3), 2, 4));

        var history = await store.GetHistoryAsync(id);

        history.Select(h => h.Sequence).Should().Equal(1, 2, 3, 4);
        history[2].Comment.Should().Be("entry 3");
        history[1].Arguments!.Value.GetProperty("n").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Timers_are_replaced_by_a_commit_that_gives_them_and_kept_by_one_that_does_not()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, timers: [Timer(id, "Draft", 2), Timer(id, "Draft", 1)]));
        (await store.GetTimersAsync(id)).Select(t => t.DueAt).Should().BeInAscendingOrder();

        await store.CommitAsync(Commit(Instance(id, 2), 1, 2));
        (await store.GetTimersAsync(id)).Should().HaveCount(2);

        await store.CommitAsync(Commit(Instance(id, 3) with { State = "Review" }, 2, 3, timers: [Timer(id, "Review")]));
        (await store.GetTimersAsync(id)).Should().ContainSingle().Which.State.Should().Be("Review");

        await store.CommitAsync(Commit(Instance(id, 4), 3, 4, timers: []));
        (await store.GetTimersAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Due_timers_come_earliest_first_and_can_be_postponed_or_removed()
    {
        var store = await CreateStoreAsync();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(first, 1), null, 1, timers: [Timer(first, "Draft", 3), Timer(first, "Draft", 1)]));
        await store.CommitAsync(Commit(Instance(second, 1), null, 1, timers: [Timer(second, "Draft", 2)]));

        var due = await store.GetDueTimersAsync(T0.AddDays(2), 10);
        due.Select(t => t.DueAt).Should().Equal(T0.AddDays(1), T0.AddDays(2));
        (await store.GetDueTimersAsync(T0.AddDays(5), 1)).Should().ContainSingle().Which.DueAt.Should().Be(T0.AddDays(1));

        await store.PostponeTimerAsync(due[0].Id, T0.AddDays(4));
        await store.RemoveTimerAsync(due[1].Id);
        await store.RemoveTimerAsync(Guid.NewGuid());

        var later = await store.GetDueTimersAsync(T0.AddDays(10), 10);
        later.Select(t => (t.DueAt, t.Attempts)).Should().Equal((T0.AddDays(3), 0), (T0.AddDays(4), 1));
        (await store.GetTimersAsync(second)).Should().BeEmpty();
    }

    [Fact]
    public async Task Events_stay_pending_until_acknowledged()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));

        var pending = await store.GetPendingEventsAsync(10);
        pending.Where(e => e.InstanceId == id).Should().HaveCount(3);
        (await store.GetPendingEventsAsync(2)).Should().HaveCount(2);

        await store.AcknowledgeEventsAsync([pending[0].Id, pending[1].Id]);

        (await store.GetPendingEventsAsync(10)).Where(e => e.InstanceId == id).Select(e => e.Id).Should().Equal(pending[2].Id);
    }

    [Fact]
    public async Task A_failed_delivery_keeps_the_handlers_that_received_the_event_through_retries_and_replay()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, events: 1));
        var entry = (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.InstanceId == id);
        entry.HandledBy.Should().BeEmpty();

        await store.RecordDeliveryFailureAsync(entry.Event.Id, "chat down", T0.AddMinutes(5), ["Crm", "Audit"]);
        (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.Id == entry.Event.Id).HandledBy.Should().Equal("Crm", "Audit");

        await store.RecordDeliveryFailureAsync(entry.Event.Id, "still down", T0.AddMinutes(10), ["Audit", "Crm"]);
        (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.Id == entry.Event.Id).HandledBy.Should().BeEquivalentTo(["Crm", "Audit"], "the handlers recorded are replaced by those given");

        await store.RecordDeliveryFailureAsync(entry.Event.Id, "gave up", null, ["Crm", "Audit", "Mail"]);
        (await store.ReplayEventAsync(entry.Event.Id)).Should().BeTrue();
        var replayed = (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.Id == entry.Event.Id);
        (replayed.Attempts, replayed.HandledBy.Count).Should().Be((0, 3), "a replay goes to the handlers that have not had the event");
    }

    [Fact]
    public async Task Failed_deliveries_are_retried_later_dead_lettered_and_replayed()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));
        var pending = (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Where(e => e.Event.InstanceId == id).ToList();
        pending.Select(e => e.Event.Type).Should().Equal("marketingworkflows.campaign-approval.e0", "marketingworkflows.campaign-approval.e1", "marketingworkflows.campaign-approval.e2");
        pending[0].Event.Data.GetProperty("i").GetInt32().Should().Be(0);

        await store.RecordDeliveryFailureAsync(pending[0].Event.Id, "timeout", T0.AddMinutes(5), []);
        await store.RecordDeliveryFailureAsync(pending[1].Event.Id, "gone", null, []);
        await store.AcknowledgeEventsAsync([pending[2].Event.Id]);

        var retry = (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.Id == pending[0].Event.Id);
        (retry.Attempts, retry.NextAttemptAt, retry.LastError).Should().Be((1, T0.AddMinutes(5), "timeout"));
        (await store.GetOutboxAsync(OutboxStatus.DeadLettered, 10)).Should().ContainSingle().Which.LastError.Should().Be("gone");
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Should().ContainSingle().Which.Event.Id.Should().Be(pending[2].Event.Id);

        (await store.ReplayEventAsync(pending[1].Event.Id)).Should().BeTrue();
        (await store.ReplayEventAsync(Guid.NewGuid())).Should().BeFalse();
        var replayed = (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Single(e => e.Event.Id == pending[1].Event.Id);
        (replayed.Attempts, replayed.NextAttemptAt).Should().Be((0, (DateTimeOffset?)null));
        (await store.GetPendingEventsAsync(10)).Select(e => e.Id).Should().Equal(pending[0].Event.Id, pending[1].Event.Id);
    }

    [Fact]
    public async Task An_idempotency_key_is_recorded_with_the_instance_and_version_it_produced_and_refused_the_second_time()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1));
        var submit = Commit(Instance(id, 2) with { State = "Review" }, 1, 2, events: 1, key: "submit-1");
        await store.CommitAsync(submit);

        var found = await store.FindCommandAsync("ana", "submit-1");
        found.Should().Be(new RecordedCommand(Key("submit-1"), id, 2));
        (await store.GetEventsAsync(found!.InstanceId, found.InstanceVersion)).Should().Equal(submit.Events);

        var again = () => store.CommitAsync(Commit(Instance(id, 3), 2, 3, key: "submit-1"));
        await again.Should().ThrowAsync<DuplicateCommandException>();
        (await store.GetAsync(id))!.Version.Should().Be(2);
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Two_callers_keys_never_meet_even_when_equal()
    {
        var store = await CreateStoreAsync();
        var ana = Instance(Guid.NewGuid(), 1);
        var ben = Instance(Guid.NewGuid(), 1);
        await store.CommitAsync(Commit(ana, null, 1, key: "k1"));
        await store.CommitAsync(Commit(ben, null, 1) with { Idempotency = Key("k1", caller: "ben") });
        await store.CommitAsync(Commit(ana with { Version = 2, State = "Review" }, 1, 2) with { Previous = ana, Idempotency = Key("k2", caller: "ana") });
        await store.CommitAsync(Commit(ben with { Version = 2, State = "Review" }, 1, 2) with { Previous = ben, Idempotency = Key("k2", caller: "ben") });

        (await store.FindCommandAsync("ana", "k1"))!.InstanceId.Should().Be(ana.Id);
        (await store.FindCommandAsync("ben", "k1"))!.InstanceId.Should().Be(ben.Id);
        (await store.FindCommandAsync("ben", "k2"))!.Record.Should().Be(Key("k2", caller: "ben"));
        (await store.FindCommandAsync("cleo", "k1")).Should().BeNull();
        var again = () => store.CommitAsync(Commit(ben with { Version = 3 }, 2, 3) with { Previous = ben with { Version = 2, State = "Review" }, Idempotency = Key("k2", caller: "ben") });
        await again.Should().ThrowAsync<DuplicateCommandException>();
        (await store.GetAsync(ben.Id))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_commits_on_one_version_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CommitAsync(Commit(Instance(id, 1), null, 1));

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.CommitAsync(Commit(Instance(id, 2) with { State = "S" + i }, 1, 2));
                return true;
            }
            catch (StoreConcurrencyException)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);

        results.Count(r => r).Should().Be(1);
        (await store.GetHistoryAsync(id)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Queries_filter_by_process_state_data_waiting_overdue_and_links_and_page_newest_first()
    {
        var store = await CreateStoreAsync();
        var campaign = Guid.NewGuid();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            var instance = Instance(id, 1) with
            {
                ProcessId = i < 4 ? "campaign-approval" : "content-review",
                State = i % 2 == 0 ? "BudgetReview" : "Draft",
                CreatedAt = T0.AddMinutes(i),
                AwaitingRoles = i % 2 == 0 ? ["finance"] : [],
                AwaitingUsers = i == 1 ? ["ana"] : [],
                DueAt = i == 0 ? T0.AddDays(1) : i == 2 ? T0.AddDays(5) : null,
                Links = i == 3 ? [new InstanceLink("campaign", campaign)] : [],
                Data = JsonSerializer.SerializeToElement(new { name = "c" + i, owner = i == 2 ? "ben" : "ana" }),
                IsCompleted = i == 1,
            };
            await store.CommitAsync(Commit(instance, null, 1));
        }

        (await store.QueryAsync(new InstanceQuery { ProcessId = "campaign-approval" })).Total.Should().Be(4);
        (await store.QueryAsync(new InstanceQuery { State = "BudgetReview" })).Items.Select(i => i.Id).Should().Equal(ids[4], ids[2], ids[0]);
        (await store.QueryAsync(new InstanceQuery { DataField = "owner", DataValue = "ben" })).Items.Should().ContainSingle().Which.Id.Should().Be(ids[2]);
        (await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana", WaitingOnRoles = ["finance"] })).Total.Should().Be(4);
        (await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana" })).Items.Should().ContainSingle().Which.Id.Should().Be(ids[1]);
        (await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana", WaitingOnRoles = ["finance"], IncludeCompleted = false })).Items.Select(i => i.Id).Should().Equal(ids[4], ids[2], ids[0]);
        var waitingPage = await store.QueryAsync(new InstanceQuery { WaitingOnUser = "ana", WaitingOnRoles = ["finance", "finance"], Skip = 1, Take = 2 });
        (waitingPage.Total, waitingPage.Items.Count).Should().Be((4, 2));
        waitingPage.Items.Select(i => i.Id).Should().Equal(ids[2], ids[1]);
        (await store.QueryAsync(new InstanceQuery { OverdueAt = T0.AddDays(2) })).Items.Should().ContainSingle().Which.Id.Should().Be(ids[0]);
        (await store.QueryAsync(new InstanceQuery { LinkedTo = campaign })).Items.Should().ContainSingle().Which.Id.Should().Be(ids[3]);
        (await store.QueryAsync(new InstanceQuery { IncludeCompleted = false })).Total.Should().Be(4);

        var page = await store.QueryAsync(new InstanceQuery { Skip = 1, Take = 2 });
        page.Total.Should().Be(5);
        page.Items.Select(i => i.Id).Should().Equal(ids[3], ids[2]);
    }

    [Fact]
    public async Task Delegations_are_found_by_their_delegate()
    {
        var store = await CreateStoreAsync();
        await store.SaveDelegationAsync(new Delegation("fiona", "frank", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 14)) { Roles = ["finance"] });
        await store.SaveDelegationAsync(new Delegation("carl", "frank", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)) { ProcessId = "content-review" });

        var found = await store.GetDelegationsAsync("frank");

        found.Should().HaveCount(2);
        found[0].Roles.Should().Equal("finance");
        found[1].ProcessId.Should().Be("content-review");
        (await store.GetDelegationsAsync("fiona")).Should().BeEmpty();
    }

    [Fact]
    public async Task Delegations_are_found_by_their_delegator_in_the_order_saved()
    {
        var store = await CreateStoreAsync();
        await store.SaveDelegationAsync(new Delegation("fiona", "frank", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 14)) { Roles = ["finance"] });
        await store.SaveDelegationAsync(new Delegation("carl", "frank", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)));
        await store.SaveDelegationAsync(new Delegation("fiona", "gina", new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4)) { ProcessId = "content-review" });

        var given = await store.GetDelegationsGivenAsync("fiona");

        given.Select(d => d.Delegate).Should().Equal("frank", "gina");
        given[0].Roles.Should().Equal("finance");
        given[1].ProcessId.Should().Be("content-review");
        (await store.GetDelegationsGivenAsync("frank")).Should().BeEmpty();
    }

    internal static ProcessInstance Instance(Guid id, long version) => new()
    {
        Id = id,
        ProcessId = "campaign-approval",
        DefinitionVersion = 1,
        State = "Draft",
        Data = JsonSerializer.SerializeToElement(new { name = "Spring launch", owner = "ana" }),
        Version = version,
        CreatedBy = "ana",
        CreatedAt = T0,
        UpdatedAt = T0,
        StateEnteredAt = T0,
        Links = [new InstanceLink("content-review", Guid.Parse("0195f000-0000-7000-8000-000000000001"))],
        Checklist = [new ChecklistItemState("brief", ChecklistItemStatus.Done, "ana", T0)],
        Decisions = [new StageDecision("BudgetReview", 1, "fiona", null, "approved", "ok", T0) { Roles = ["finance"] }],
    };

    internal static InstanceCommit Commit(ProcessInstance instance, long? expected, long firstSequence, long lastSequence = 0, IReadOnlyList<ProcessTimer>? timers = null, int events = 0, string? key = null)
    {
        lastSequence = Math.Max(firstSequence, lastSequence);
        var history = new List<HistoryEntry>();
        for (var s = firstSequence; s <= lastSequence; s++)
        {
            history.Add(new HistoryEntry
            {
                InstanceId = instance.Id,
                Sequence = s,
                Kind = HistoryKind.Transition,
                Trigger = "T" + s,
                Actor = "ana",
                FromState = "Draft",
                ToState = instance.State,
                Comment = "entry " + s,
                Arguments = JsonSerializer.SerializeToElement(new { n = s }),
                DataRevision = 1,
                DefinitionVersion = 1,
                At = T0,
                PreviousHash = "h" + (s - 1),
                Hash = "h" + s,
            });
        }

        var outgoing = Enumerable.Range(0, events)
            .Select(i => new ProcessEvent(Guid.NewGuid(), "marketingworkflows.campaign-approval.e" + i, instance.ProcessId, instance.Id, instance.Version, T0.AddSeconds(i), JsonSerializer.SerializeToElement(new { i })))
            .ToList();
        return new InstanceCommit(instance, expected, history, timers, outgoing, key is null ? null : Key(key));
    }

    /// <summary>An idempotency record of <paramref name="caller"/>, with a fingerprint made from the key.</summary>
    internal static IdempotencyRecord Key(string key, string caller = "ana", DateTimeOffset? createdAt = null)
        => new(caller, key, "fire:" + key, createdAt ?? T0);

    internal static ProcessTimer Timer(Guid instanceId, string state, int days = 1)
        => new(Guid.NewGuid(), instanceId, "deadline", state, T0.AddDays(days), "Escalate");
}
