using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.PostgreSql;
using MarketingWorkflows.Tests.Sqlite;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// A database written before the instance lists had indexes in creation order gains them on
/// start-up, and its links learn their linking instance's creation time, so "linked to" answers
/// in order straight away.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QueryIndexMigrationTests(PostgresServer server) : IAsyncDisposable
{
    private const string Step = "instance lists in creation order%";
    private static readonly Guid Target = Guid.Parse("0195f000-0000-7000-8000-0000000000aa");
    private readonly TempDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task An_older_sqlite_file_gets_the_indexes_and_its_links_their_creation_time()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        var ids = await LinkThreeAsync(store);
        await store.DisposeAsync();

        var step = await _database.ScalarAsync($"SELECT version FROM mwf_schema_version WHERE description LIKE '{Step}'");
        await _database.ExecuteAsync(CompactIdempotencyMigrationTests.SqliteRecordsWithCopies + $"""
            DROP INDEX ix_mwf_instances_process_created; DROP INDEX ix_mwf_instances_open_created; DROP INDEX ix_mwf_instances_process_open; DROP INDEX ix_mwf_instances_due_created;
            DROP INDEX ix_mwf_instances_process_state; CREATE INDEX ix_mwf_instances_process_state ON mwf_instances (process_id, state);
            DROP INDEX ix_mwf_links_created; ALTER TABLE mwf_links DROP COLUMN created_at;
            DELETE FROM mwf_schema_version WHERE version >= {step};
            """);
        var reopened = _database.OpenStore();
        await reopened.InitializeAsync();

        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_links l JOIN mwf_instances i ON i.id = l.instance_id WHERE l.created_at <> i.created_at")).Should().Be(0L);
        (await _database.ScalarAsync("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('ix_mwf_instances_process_created', 'ix_mwf_instances_open_created', 'ix_mwf_instances_process_open', 'ix_mwf_instances_due_created', 'ix_mwf_links_created') ORDER BY name)"))
            .Should().Be("ix_mwf_instances_due_created,ix_mwf_instances_open_created,ix_mwf_instances_process_created,ix_mwf_instances_process_open,ix_mwf_links_created");
        (await _database.ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'ix_mwf_instances_process_state'")).Should().BeOfType<string>().Which.Should().Contain("created_at DESC");
        (await reopened.QueryAsync(new InstanceQuery { LinkedTo = Target })).Items.Select(i => i.Id).Should().Equal(ids[2], ids[1], ids[0]);
        await reopened.DisposeAsync();
    }

    [Fact]
    public async Task An_older_sqlite_file_gets_the_due_times_into_its_index_of_deadlines()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        await store.DisposeAsync();

        var step = await _database.ScalarAsync("SELECT version FROM mwf_schema_version WHERE description LIKE 'the index of instances with a deadline in creation order%'");
        await _database.ExecuteAsync($"""
            DROP INDEX ix_mwf_instances_due_created;
            CREATE INDEX ix_mwf_instances_due_created ON mwf_instances (created_at DESC, id DESC) WHERE due_at IS NOT NULL;
            DELETE FROM mwf_schema_version WHERE version >= {step};
            """);
        var reopened = _database.OpenStore();
        await reopened.InitializeAsync();
        await reopened.DisposeAsync();

        (await _database.ScalarAsync("SELECT group_concat(name, ',') FROM pragma_index_info('ix_mwf_instances_due_created')"))
            .Should().Be("created_at,id,due_at,is_completed");
        (await _database.ScalarAsync("SELECT MAX(version) FROM mwf_schema_version")).Should().Be((long)SqliteProcessStore.SchemaVersion);
    }

    [Fact]
    public async Task An_older_postgresql_schema_gets_the_indexes_and_its_links_their_creation_time()
    {
        var schema = PostgresServer.NewSchema();
        var store = server.OpenStore(schema);
        await store.InitializeAsync();
        var ids = await LinkThreeAsync(store);
        await store.DisposeAsync();

        var step = await server.ScalarAsync($"SELECT version FROM {schema}.mwf_schema_version WHERE description LIKE '{Step}'");
        await server.ScalarAsync(CompactIdempotencyMigrationTests.PostgreSqlRecordsWithCopies(schema) + $"""
            DROP INDEX {schema}.ix_mwf_instances_process_created, {schema}.ix_mwf_instances_open_created, {schema}.ix_mwf_instances_process_open, {schema}.ix_mwf_instances_due_created, {schema}.ix_mwf_links_created;
            DROP INDEX {schema}.ix_mwf_instances_process_state; CREATE INDEX ix_mwf_instances_process_state ON {schema}.mwf_instances (process_id, state);
            ALTER TABLE {schema}.mwf_links DROP COLUMN created_at; DROP STATISTICS {schema}.st_mwf_instances_state;
            DELETE FROM {schema}.mwf_schema_version WHERE version >= {step};
            """);
        var reopened = server.OpenStore(schema);
        await reopened.InitializeAsync();

        (await server.ScalarAsync($"SELECT count(*) FROM {schema}.mwf_links l JOIN {schema}.mwf_instances i ON i.id = l.instance_id WHERE l.created_at <> i.created_at")).Should().Be(0L);
        (await server.ScalarAsync($"SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = '{schema}' AND indexname IN ('ix_mwf_instances_process_created', 'ix_mwf_instances_open_created', 'ix_mwf_instances_process_open', 'ix_mwf_instances_due_created', 'ix_mwf_links_created')"))
            .Should().Be("ix_mwf_instances_due_created,ix_mwf_instances_open_created,ix_mwf_instances_process_created,ix_mwf_instances_process_open,ix_mwf_links_created");
        (await server.ScalarAsync($"SELECT indexdef FROM pg_indexes WHERE schemaname = '{schema}' AND indexname = 'ix_mwf_instances_process_state'")).Should().BeOfType<string>().Which.Should().Contain("created_at DESC");
        (await reopened.QueryAsync(new InstanceQuery { LinkedTo = Target })).Items.Select(i => i.Id).Should().Equal(ids[2], ids[1], ids[0]);
        await reopened.DisposeAsync();
    }

    /// <summary>Commits three instances linked to <see cref="Target"/>, a minute apart, the oldest first.</summary>
    private static async Task<List<Guid>> LinkThreeAsync(IProcessStore store)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            var instance = ProcessStoreContract.Instance(id, 1) with
            {
                CreatedAt = ProcessStoreContract.T0.AddMinutes(i),
                Links = [new InstanceLink("campaign", Target)],
            };
            await store.CommitAsync(ProcessStoreContract.Commit(instance, null, 1));
        }

        return ids;
    }
}
