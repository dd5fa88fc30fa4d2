using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using Npgsql;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL claim (lease and read in one statement) at its corners, and the acknowledgement
/// written as heap-only updates: an instance resting for a retry, an empty queue row going and
/// coming back, claimers at once never sharing an instance.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlEventClaimTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    private readonly PostgresHostStores _hosts = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hosts.DisposeAsync().AsTask();

    [Fact]
    public async Task An_acknowledgement_is_a_heap_only_update_of_the_outbox_and_the_queue()
    {
        // One connection for the store and for the checks: a backend hands its counts to the
        // server's statistics when it is told to, and it is this backend that acknowledges.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var store = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { DataSource = dataSource, Schema = _hosts.Schema });
        _hosts.Add(store);
        for (var i = 0; i < 20; i++)
        {
            await store.CommitAsync(Commit(Instance(Guid.NewGuid(), 1), null, 1, events: 10));
        }

        // Enough events for several pages: on full pages the new row versions would have to go
        // elsewhere, and every index would get an entry for them.
        (await CountAsync($"SELECT count(DISTINCT (ctid::text::point)[0]) FROM {_hosts.Schema}.mwf_outbox")).Should().BeGreaterThanOrEqualTo(3);
        var claimed = await store.ClaimPendingEventsAsync(Now, 1000, Lease);
        claimed.Should().HaveCount(200);
        var before = await UpdatesAsync(dataSource);

        await store.AcknowledgeEventsAsync([.. claimed.Select(e => e.Event.Id)]);

        var after = await UpdatesAsync(dataSource);
        (after["mwf_outbox"].All - before["mwf_outbox"].All).Should().Be(200);
        (after["mwf_outbox"].Hot - before["mwf_outbox"].Hot).Should().BeGreaterThanOrEqualTo(190, "the status and delivery time are in no index and half of each page is kept for new row versions (all but a few that miss the room by some bytes)");
        (after["mwf_outbox_queues"].All - before["mwf_outbox_queues"].All).Should().Be(20);
        (after["mwf_outbox_queues"].Hot - before["mwf_outbox_queues"].Hot).Should().Be(20);
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 1000)).Should().HaveCount(200);
        (await store.GetStatisticsAsync()).PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task An_instance_whose_first_pending_event_waits_for_a_retry_rests_until_then_while_others_go()
    {
        var a = Host();
        var waiting = Guid.NewGuid();
        var other = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(waiting, 1), null, 1, events: 3));
        var claimed = await a.ClaimPendingEventsAsync(Now, 10, Lease);
        claimed.Should().HaveCount(3);

        // The second event is to be tried again in an hour; then the first is given up, which
        // frees the instance at once, although the event now first in line still waits.
        await a.RecordDeliveryFailureAsync(claimed[1].Event.Id, "crm down", Now.AddHours(1), []);
        await a.RecordDeliveryFailureAsync(claimed[0].Event.Id, "bad payload", null, []);
        await a.CommitAsync(Commit(Instance(other, 1), null, 1, events: 1));

        var b = Host();
        var meanwhile = await b.ClaimPendingEventsAsync(Now.AddMinutes(1), 10, Lease);

        meanwhile.Should().ContainSingle().Which.Event.InstanceId.Should().Be(other, "the resting instance's events wait behind its retry");
        (await CountAsync($"SELECT lease_until FROM {_hosts.Schema}.mwf_outbox_queues WHERE instance_id = '{waiting}' AND lease_owner IS NULL"))
            .Should().Be(Now.AddHours(1).UtcTicks, "the claim rests the instance until the retry is due");
        await b.AcknowledgeEventsAsync([meanwhile[0].Event.Id]);
        (await b.ClaimPendingEventsAsync(Now.AddMinutes(2), 10, Lease)).Should().BeEmpty();
        var due = await b.ClaimPendingEventsAsync(Now.AddHours(1), 10, Lease);
        due.Select(e => e.Event.Id).Should().Equal(claimed[1].Event.Id, claimed[2].Event.Id);
        due[0].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task An_empty_queue_row_goes_once_its_instance_is_idle_and_the_next_command_brings_it_back_at_its_events()
    {
        var a = Host();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 2));
        await a.AcknowledgeEventsAsync([.. (await a.ClaimPendingEventsAsync(Now, 10, Lease)).Select(e => e.Event.Id)]);
        (await CountAsync($"SELECT count(*) FROM {_hosts.Schema}.mwf_outbox_queues WHERE instance_id = '{id}'")).Should().Be(1, "an acknowledgement hands the instance back");

        (await a.ClaimPendingEventsAsync(Now, 10, Lease)).Should().BeEmpty();
        (await CountAsync($"SELECT count(*) FROM {_hosts.Schema}.mwf_outbox_queues WHERE instance_id = '{id}'")).Should().Be(0, "nothing is pending and no command holds the instance");

        await a.CommitAsync(Commit(Instance(id, 2), 1, 2, events: 2));
        var next = await a.GetOutboxAsync(OutboxStatus.Pending, 10);
        (await CountAsync($"SELECT from_seq FROM {_hosts.Schema}.mwf_outbox_queues WHERE instance_id = '{id}'"))
            .Should().Be(await CountAsync($"SELECT seq FROM {_hosts.Schema}.mwf_outbox WHERE id = '{next[0].Event.Id}'"), "the new row starts at the command's first event, past the delivered ones");
        (await Host().ClaimPendingEventsAsync(Now, 10, Lease)).Select(e => e.Event.Id).Should().Equal(next.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task A_replayed_event_is_claimed_again_before_the_later_pending_ones()
    {
        var a = Host();
        var id = Guid.NewGuid();
        await a.CommitAsync(Commit(Instance(id, 1), null, 1, events: 2));
        var first = await a.ClaimPendingEventsAsync(Now, 10, Lease);
        await a.AcknowledgeEventsAsync([.. first.Select(e => e.Event.Id)]);
        await a.CommitAsync(Commit(Instance(id, 2), 1, 2, events: 1));

        (await a.ReplayEventAsync(first[1].Event.Id)).Should().BeTrue();

        var again = await Host().ClaimPendingEventsAsync(Now, 10, Lease);
        again.Select(e => e.Event.InstanceVersion).Should().Equal(1, 2);
        again[0].Event.Id.Should().Be(first[1].Event.Id);
    }

    [Fact]
    public async Task Claimers_at_once_never_share_an_instance_and_every_event_is_handed_out_once_in_order()
    {
        var producer = Host();
        var instances = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in instances)
        {
            await producer.CommitAsync(Commit(Instance(id, 1), null, 1, events: 3));
        }

        var all = (await producer.GetOutboxAsync(OutboxStatus.Pending, 1000)).Select(e => e.Event).ToList();
        var hosts = Enumerable.Range(0, 4).Select(_ => Host()).ToArray();
        var handedOut = new List<Guid>();
        for (var round = 0; round < 20 && handedOut.Count < all.Count; round++)
        {
            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => hosts[i % hosts.Length].ClaimPendingEventsAsync(Now, 7, Lease))));

            var owners = claims.SelectMany((claim, c) => claim.Select(e => (e.Event.InstanceId, Claim: c))).Distinct().ToList();
            owners.GroupBy(o => o.InstanceId).Should().OnlyContain(g => g.Count() == 1, "an instance is with one claimer at a time");
            foreach (var claim in claims)
            {
                foreach (var events in claim.GroupBy(e => e.Event.InstanceId))
                {
                    var pending = all.Where(e => e.InstanceId == events.Key && !handedOut.Contains(e.Id)).Select(e => e.Id);
                    events.Select(e => e.Event.Id).Should().Equal(pending.Take(events.Count()), "each claim takes an instance's first pending events, in order");
                }
            }

            handedOut.AddRange(claims.SelectMany(c => c).Select(e => e.Event.Id));
            await Task.WhenAll(claims.Select((claim, c) => hosts[c % hosts.Length].AcknowledgeEventsAsync([.. claim.Select(e => e.Event.Id)])));
        }

        handedOut.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all.Select(e => e.Id));
        (await CountAsync($"SELECT count(*) FROM {_hosts.Schema}.mwf_outbox WHERE status <> 1")).Should().Be(0);
    }

    /// <summary>Reads, from the one connection of <paramref name="dataSource"/>, how many rows of each of the schema's tables were updated so far, and how many of those as heap-only updates.</summary>
    private async Task<Dictionary<string, (long All, long Hot)>> UpdatesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush();", connection))
        {
            await flush.ExecuteNonQueryAsync();
        }

        await using var read = new NpgsqlCommand("SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE schemaname = $1;", connection) { Parameters = { new() { Value = _hosts.Schema } } };
        await using var reader = await read.ExecuteReaderAsync();
        var counts = new Dictionary<string, (long All, long Hot)>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return counts;
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await server.ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    private PostgreSqlProcessStore Host() => _hosts.Open();
}
