using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using Npgsql;
using static MarketingWorkflows.Tests.Storage.ProcessStoreContract;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>An outbox indexed by status, as older versions made it, is brought to one whose acknowledgements touch no index, its events as they were.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlOutboxMigrationTests(PostgresServer server)
{
    /// <summary>The last schema version whose outbox was indexed by status.</summary>
    private const int IndexedByStatus = 11;

    [Fact]
    public async Task Pending_delivered_and_dead_lettered_events_keep_their_places_after_the_upgrade()
    {
        var schema = PostgresServer.NewSchema();
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await PostgreSqlSchema.MigrateAsync(connection, schema, T0, CancellationToken.None, targetVersion: IndexedByStatus);
        }

        // As an older version left them: one instance's first event delivered, its second
        // dead-lettered and two pending; another instance's one event pending; a queue row each.
        var busy = Guid.NewGuid();
        var quiet = Guid.NewGuid();
        await server.ScalarAsync($"""
            INSERT INTO {schema}.mwf_outbox (id, type, process_id, instance_id, instance_version, time, data, status, delivered_at) VALUES
                (gen_random_uuid(), 'delivered', 'p', '{busy}', 1, 1, '\x7b7d'::bytea, 1, 9),
                (gen_random_uuid(), 'given-up', 'p', '{busy}', 1, 2, '\x7b7d'::bytea, 2, NULL),
                (gen_random_uuid(), 'first', 'p', '{busy}', 1, 3, '\x7b7d'::bytea, 0, NULL),
                (gen_random_uuid(), 'second', 'p', '{quiet}', 1, 4, '\x7b7d'::bytea, 0, NULL),
                (gen_random_uuid(), 'third', 'p', '{busy}', 2, 5, '\x7b7d'::bytea, 0, NULL);
            INSERT INTO {schema}.mwf_outbox_queues (instance_id) VALUES ('{busy}'), ('{quiet}');
            """);

        var store = server.OpenStore(schema);
        await using (store)
        {
            await store.InitializeAsync();

            (await server.ScalarAsync($"SELECT count(*) FROM {schema}.mwf_schema_version WHERE description LIKE 'acknowledging an event changes no indexed column%'")).Should().Be(1L);
            (await server.ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{schema}' AND tablename = 'mwf_outbox' AND indexdef LIKE '%status%'")).Should().Be(0L, "an index on the status would make every acknowledgement write to it");
            (await server.ScalarAsync($"SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '{schema}.mwf_outbox'::regclass")).Should().Be("fillfactor=50");
            (await server.ScalarAsync($"SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '{schema}.mwf_outbox_queues'::regclass")).Should().Be("fillfactor=50");
            (await store.GetStatisticsAsync()).Should().Be(new StoreStatistics(3, new DateTimeOffset(3, TimeSpan.Zero), 1, 0));
            (await store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Select(e => e.Event.Type).Should().Equal("delivered");
            (await store.GetOutboxAsync(OutboxStatus.DeadLettered, 10)).Select(e => e.Event.Type).Should().Equal("given-up");

            var claimed = await store.ClaimPendingEventsAsync(T0.AddDays(1), 10, TimeSpan.FromSeconds(30));

            claimed.Select(e => e.Event.Type).Should().Equal("first", "second", "third");
            await store.AcknowledgeEventsAsync([.. claimed.Select(e => e.Event.Id)]);
            (await store.GetOutboxAsync(OutboxStatus.Pending, 10)).Should().BeEmpty();
            (await store.GetStatisticsAsync()).Should().Be(new StoreStatistics(0, null, 1, 0));
            (await store.GetOutboxAsync(OutboxStatus.Delivered, 10)).Select(e => e.Event.Type).Should().Equal("delivered", "first", "second", "third");
        }
    }
}
