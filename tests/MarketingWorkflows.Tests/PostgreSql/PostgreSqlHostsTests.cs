using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>Several stores on one schema behave as several hosts on one database: claims, leases, start-up, wake-ups.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlHostsTests(PostgresServer server) : EventClaimContract, IAsyncLifetime
{
    private readonly PostgresHostStores _hosts = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hosts.DisposeAsync().AsTask();

    [Fact]
    public async Task Hosts_starting_at_once_create_the_schema_once()
    {
        var hosts = Enumerable.Range(0, 6).Select(_ => Host()).ToList();

        await Task.WhenAll(hosts.Select(h => h.InitializeAsync()));

        (await server.ScalarAsync($"SELECT count(*) FROM {_hosts.Schema}.mwf_schema_version")).Should().Be((long)PostgreSqlProcessStore.SchemaVersion);
    }

    [Fact]
    public async Task A_newer_schema_stops_the_start_and_changes_nothing()
    {
        await Host().InitializeAsync();
        await server.ScalarAsync($"INSERT INTO {_hosts.Schema}.mwf_schema_version VALUES (99, 0, 'from the future')");

        var start = () => Host().InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).Which.Message.Should().Contain("version 99").And.Contain("upgrade");
        (await server.ScalarAsync($"SELECT count(*) FROM {_hosts.Schema}.mwf_schema_version")).Should().Be((long)PostgreSqlProcessStore.SchemaVersion + 1);
    }

    [Fact]
    public async Task Tables_that_are_not_ours_stop_the_start()
    {
        await server.ScalarAsync($"CREATE SCHEMA {_hosts.Schema}; CREATE TABLE {_hosts.Schema}.mwf_instances (id int)");

        var start = () => Host().InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).Which.Message.Should().Contain("not created by MarketingWorkflows");
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_stops_the_start_with_a_clear_error()
    {
        var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=mwf;Timeout=2", Schema = _hosts.Schema });
        _hosts.Add(store);

        var start = () => store.InitializeAsync();

        (await start.Should().ThrowAsync<StoreStartupException>()).Which.Message.Should().Contain("cannot be reached").And.Contain("127.0.0.1:1");
    }

    [Fact]
    public async Task Each_due_timer_is_claimed_by_one_host_until_its_lease_runs_out()
    {
        var a = Host();
        var b = Host();
        for (var i = 0; i < 50; i++)
        {
            var id = Guid.NewGuid();
            await a.CommitAsync(Commit(Instance(id, 1), null, 1, timers: [Timer(id, "Draft")]));
        }

        var now = T0.AddDays(2);
        var claims = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).ClaimDueTimersAsync(now, 7, Lease)));

        var claimed = claims.SelectMany(c => c).Select(t => t.Id).ToList();
        claimed.Should().HaveCount(50).And.OnlyHaveUniqueItems("a timer claimed by one host is not handed to another");
        (await b.ClaimDueTimersAsync(now, 100, Lease)).Should().BeEmpty("every timer is held");

        // The holder stops without firing: after the lease another host takes the timers over.
        (await b.ClaimDueTimersAsync(now + Lease + TimeSpan.FromSeconds(1), 100, Lease)).Should().HaveCount(50);
    }

    [Fact]
    public async Task A_postponed_timer_is_released_for_its_next_attempt()
    {
        var a = Host();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, timers: [Timer(id, "Draft")]));
        var now = T0.AddDays(2);
        var timer = (await a.ClaimDueTimersAsync(now, 10, Lease)).Single();

        await a.PostponeTimerAsync(timer.Id, now.AddMinutes(1));

        (await Host().ClaimDueTimersAsync(now.AddMinutes(1), 10, Lease)).Should().ContainSingle().Which.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_event_holds_back_its_instance_until_its_retry_and_a_lost_claim_is_taken_over()
    {
        var a = Host();
        var b = Host();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 2));
        var now = T0.AddDays(1);
        var both = await a.ClaimPendingEventsAsync(now, 10, Lease);
        both.Should().HaveCount(2);

        await a.RecordDeliveryFailureAsync(both[0].Event.Id, "handler down", now.AddMinutes(5), []);

        (await b.ClaimPendingEventsAsync(now.AddMinutes(1), 10, Lease)).Should().BeEmpty("the first waits for its retry and the second stays behind it");
        var later = await b.ClaimPendingEventsAsync(now + Lease + TimeSpan.FromMinutes(5), 10, Lease);
        later.Select(e => e.Event.Id).Should().Equal(both[0].Event.Id, both[1].Event.Id);
        later[0].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task A_claim_does_not_drop_an_instances_queue_while_a_command_on_it_commits()
    {
        var a = Host();
        var b = Host();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 1));
        var now = T0.AddDays(1);
        await a.AcknowledgeEventsAsync([(await a.ClaimPendingEventsAsync(now, 10, Lease)).Single().Event.Id]);

        // A command on the instance is committing a new event: it holds the instance row, and its
        // event is not visible yet. A claim now finds the queue empty but must not drop it.
        await using var command = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await command.OpenAsync();
        await using var transaction = await command.BeginTransactionAsync();
        await using (var sql = new Npgsql.NpgsqlCommand(
            $"""
            SELECT 1 FROM {_hosts.Schema}.mwf_instances WHERE id = '{id}' FOR UPDATE;
            INSERT INTO {_hosts.Schema}.mwf_outbox (id, type, process_id, instance_id, instance_version, time, data)
                VALUES (gen_random_uuid(), 'test.late', 'p', '{id}', 2, 0, '\x7b7d'::bytea);
            INSERT INTO {_hosts.Schema}.mwf_outbox_queues (instance_id) VALUES ('{id}') ON CONFLICT (instance_id) DO NOTHING;
            """,
            command,
            transaction))
        {
            await sql.ExecuteNonQueryAsync();
        }

        (await b.ClaimPendingEventsAsync(now, 10, Lease)).Should().BeEmpty();
        await transaction.CommitAsync();

        var late = await b.ClaimPendingEventsAsync(now, 10, Lease);
        late.Should().ContainSingle().Which.Event.Type.Should().Be("test.late");
    }

    [Fact]
    public async Task A_commit_with_events_wakes_an_idle_host()
    {
        var a = Host();
        var b = Host();
        await b.InitializeAsync();
        await b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromMilliseconds(200), TimeProvider.System);
        await Task.Delay(200);

        var waiting = b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromSeconds(30), TimeProvider.System);

        (await CommitEventsUntilAsync(a, waiting)).Should().BeTrue("NOTIFY wakes the other host long before its poll interval");
    }

    /// <summary>
    /// Commits an instance with an event from <paramref name="host"/> every second until
    /// <paramref name="woken"/> completes, for at most 20 s (a wait ends by itself after 30): a host
    /// starts listening in the background on its first wait, and a notification sent before its
    /// LISTEN is in place is not heard.
    /// </summary>
    private static async Task<bool> CommitEventsUntilAsync(PostgreSqlProcessStore host, Task woken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await host.CommitAsync(Commit(Instance(Guid.NewGuid(), 1), null, 1, events: 1));
            if (await Task.WhenAny(woken, Task.Delay(TimeSpan.FromSeconds(1))) == woken)
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_commit_wakes_only_the_workers_for_the_work_it_adds()
    {
        var a = Host();
        var b = Host();
        await b.InitializeAsync();
        await b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromMilliseconds(200), TimeProvider.System);
        await Task.Delay(200);

        var events = b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromSeconds(30), TimeProvider.System);
        var timers = b.WaitForWorkAsync(StoreWork.Timers, TimeSpan.FromSeconds(30), TimeProvider.System);

        (await CommitEventsUntilAsync(a, events)).Should().BeTrue("a new event wakes the event dispatchers");
        await Task.Delay(300);
        timers.IsCompleted.Should().BeFalse("a new event gives the timer workers nothing to do");

        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, timers: [Timer(id, "A")]));
        (await Task.WhenAny(timers, Task.Delay(TimeSpan.FromSeconds(20)))).Should().BeSameAs(timers, "a new timer wakes the timer workers");
    }

    [Fact]
    public async Task Hosts_delivering_events_pace_their_claims_together_and_hosts_that_do_not_are_not_counted()
    {
        var a = Host();
        var b = Host();
        var producer = Host();
        await b.InitializeAsync();
        await a.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        await b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        await Task.Delay(200);
        b.DispatchingHosts.Should().Be(1);

        // A host that only writes commands announces its events, but not as a dispatcher.
        await producer.CommitAsync(Commit(Instance(Guid.NewGuid(), 1), null, 1, events: 1));
        await Task.Delay(300);
        b.DispatchingHosts.Should().Be(1);

        // A host whose dispatcher waits for work says so with the events it announces (for a while
        // after each wait, so it waits again before each commit, as a running dispatcher does).
        var announcing = System.Diagnostics.Stopwatch.StartNew();
        while (b.DispatchingHosts < 2 && announcing.Elapsed < TimeSpan.FromSeconds(30))
        {
            await a.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromMilliseconds(50), TimeProvider.System);
            await a.CommitAsync(Commit(Instance(Guid.NewGuid(), 1), null, 1, events: 1));
            await Task.Delay(100);
        }

        b.DispatchingHosts.Should().Be(2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await b.WaitForWorkAsync(StoreWork.Events, TimeSpan.FromSeconds(5), TimeProvider.System);
        // Two intervals of 20 ms, not one; the margin is for timers that fire a few ms early.
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(28), "two hosts delivering events each claim at most every other interval");
    }

    protected override IProcessStore NewHost() => Host();

    private PostgreSqlProcessStore Host() => _hosts.Open();
}
