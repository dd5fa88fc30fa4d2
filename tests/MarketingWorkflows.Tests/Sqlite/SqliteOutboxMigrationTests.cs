using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// A file whose events kept their delivery state on their own rows (a status, and the next
/// attempt and the lease beside it) is brought to the layout where the pending events are rows of
/// a table of their own: every event keeps where it was, its failures and its lease.
/// </summary>
public sealed class SqliteOutboxMigrationTests : IAsyncLifetime
{
    /// <summary>The schema version whose events kept their delivery state on their rows.</summary>
    private const int StateOnEventRows = 12;

    private const string Step = "an event''s delivery state leaves its row%";

    private static readonly DateTimeOffset T0 = EngineHarness.Monday;
    private static readonly Guid Retrying = Guid.Parse("0195f000-0000-7000-8000-0000000000a1");
    private static readonly Guid Leased = Guid.Parse("0195f000-0000-7000-8000-0000000000a2");
    private static readonly Guid Free = Guid.Parse("0195f000-0000-7000-8000-0000000000a3");
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Events_keep_their_delivery_state_their_failures_and_their_lease_through_the_upgrade()
    {
        var events = await WriteOlderFileAsync();

        var store = _database.OpenStore();
        await store.InitializeAsync();

        (await _database.ScalarAsync($"SELECT COUNT(*) FROM mwf_schema_version WHERE description LIKE '{Step}'")).Should().Be(1L);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_mwf_outbox_status'")).Should().Be(0L, "no query needs the status index any more");
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_outbox WHERE status = 0")).Should().Be(0L, "an event row's status only says whether it was dead-lettered");

        var pending = await store.GetOutboxAsync(OutboxStatus.Pending, 10);
        pending.Select(e => e.Event.Id).Should().Equal(events[2], events[3], events[4]);
        (pending[0].Attempts, pending[0].NextAttemptAt, pending[0].LastError, pending[0].HandledBy.Count).Should().Be((1, T0.AddHours(1), "timeout", 1));
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Select(e => e.Event.Id).Should().Equal(events[0]);
        var dead = (await store.GetOutboxAsync(OutboxStatus.DeadLettered, 10)).Should().ContainSingle().Subject;
        (dead.Event.Id, dead.Attempts, dead.LastError).Should().Be((events[1], 3, "gone"));
        dead.HandledBy.Should().Equal("Crm");
        (await store.GetStatisticsAsync()).Should().Be(new StoreStatistics(3, T0.AddMinutes(2), 1, 0));

        // The retry is not due and the lease another process holds has not ended: only the free instance's event is claimed.
        (await store.ClaimPendingEventsAsync(T0.AddMinutes(30), 10, TimeSpan.FromMinutes(5))).Select(e => e.Event.Id).Should().Equal(events[4]);
        (await store.ClaimPendingEventsAsync(T0.AddMinutes(31), 10, TimeSpan.FromMinutes(5))).Should().BeEmpty("its own lease holds the free event too");
        (await store.ClaimPendingEventsAsync(T0.AddHours(3), 10, TimeSpan.FromMinutes(5))).Select(e => e.Event.Id).Should().Equal(events[2], events[3], events[4]);

        await store.AcknowledgeEventsAsync([events[4]]);
        (await store.ReplayEventAsync(events[1])).Should().BeTrue();
        (await store.RemoveExpiredEventsAsync(T0.AddDays(1), 100)).Should().Be(2, "the two delivered events are old");

        (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Select(e => (e.Event.Id, e.Attempts, e.HandledBy.Count)).Should().Equal((events[1], 0, 1), (events[2], 1, 1), (events[3], 0, 0));
        (await store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Upgrading_again_changes_nothing()
    {
        var events = await WriteOlderFileAsync();
        var store = _database.OpenStore();
        await store.InitializeAsync();
        await store.AcknowledgeEventsAsync([events[4]]);
        await store.DisposeAsync();

        // As if the step had not been recorded: it runs again over its own result.
        await _database.ExecuteAsync($"DELETE FROM mwf_schema_version WHERE version >= (SELECT version FROM mwf_schema_version WHERE description LIKE '{Step}');");
        var again = _database.OpenStore();
        await again.InitializeAsync();

        (await again.GetOutboxAsync(OutboxStatus.Pending, 10)).Select(e => e.Event.Id).Should().Equal(events[2], events[3]);
        (await again.GetOutboxAsync(OutboxStatus.Delivered, 10)).Select(e => e.Event.Id).Should().Equal(events[0], events[4]);
        (await again.GetOutboxAsync(OutboxStatus.DeadLettered, 10)).Select(e => e.Event.Id).Should().Equal(events[1]);
    }

    /// <summary>
    /// Makes a file with the schema of the version before the change (its own migration steps) and
    /// writes five events as that version's store wrote them: delivered, dead-lettered after three
    /// attempts, waiting for a retry, leased by another process, and pending.
    /// </summary>
    private async Task<Guid[]> WriteOlderFileAsync()
    {
        await using (var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await SqliteSchema.MigrateAsync(connection, _database.Path, T0, CancellationToken.None, targetVersion: StateOnEventRows);
        }

        var events = Enumerable.Range(1, 5).Select(i => Guid.Parse($"0195f000-0000-7000-8000-0000000000e{i}")).ToArray();
        var instances = new[] { Free, Free, Retrying, Leased, Free };
        for (var i = 0; i < events.Length; i++)
        {
            var data = "{\"i\":" + i + "}";
            await _database.ExecuteAsync($"""
                INSERT INTO mwf_outbox (id, type, process_id, instance_id, instance_version, time, data)
                VALUES ('{events[i]}', 'marketingworkflows.campaign-approval.submitted', 'campaign-approval', '{instances[i]}', {i + 1}, {T0.AddMinutes(i).UtcTicks}, CAST('{data}' AS BLOB));
                """);
        }

        await _database.ExecuteAsync($"""
            UPDATE mwf_outbox SET status = 1, delivered_at = {T0.AddMinutes(10).UtcTicks} WHERE id = '{events[0]}' AND status = 0;
            UPDATE mwf_outbox SET status = 2, attempts = 3, next_attempt_at = 0, last_error = 'gone', handled_by = 'Crm' WHERE id = '{events[1]}';
            UPDATE mwf_outbox SET status = 0, attempts = attempts + 1, next_attempt_at = {T0.AddHours(1).UtcTicks}, last_error = 'timeout', handled_by = 'Audit' WHERE id = '{events[2]}';
            UPDATE mwf_outbox SET lease_owner = 'other-host/1/0', lease_until = {T0.AddHours(2).UtcTicks} WHERE id = '{events[3]}';
            """);
        return events;
    }
}
