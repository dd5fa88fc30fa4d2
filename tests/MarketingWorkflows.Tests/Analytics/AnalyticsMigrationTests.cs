using MarketingWorkflows.Analytics;
using MarketingWorkflows.Tests.PostgreSql;
using MarketingWorkflows.Tests.Sqlite;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>
/// A database written before history entries and instances said when their state was entered
/// gains those columns on start-up, filled in from the history, and its analytics come out the same.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AnalyticsMigrationTests(PostgresServer server) : IAsyncDisposable
{
    private readonly TempDatabase _database = new();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task An_older_sqlite_file_gets_since_process_and_state_entered_filled_in_and_the_same_figures()
    {
        var store = _database.OpenStore();
        await store.InitializeAsync();
        var set = await AnalyticsDataSet.CreateAsync(store);
        var before = await FiguresAsync(set.Analytics);
        const string Entered = "SELECT group_concat(id || '=' || state_entered_at, ',') FROM (SELECT id, state_entered_at FROM mwf_instances ORDER BY id)";
        var entered = await _database.ScalarAsync(Entered);
        await store.DisposeAsync();

        await _database.ExecuteAsync("""
            DROP INDEX ix_mwf_history_decisions; DROP INDEX ix_mwf_history_breaches; DROP INDEX ix_mwf_history_changes;
            ALTER TABLE mwf_history DROP COLUMN since; ALTER TABLE mwf_history DROP COLUMN process_id; ALTER TABLE mwf_instances DROP COLUMN state_entered_at;
            ALTER TABLE mwf_outbox DROP COLUMN lease_owner; ALTER TABLE mwf_outbox DROP COLUMN lease_until; ALTER TABLE mwf_outbox DROP COLUMN handled_by;
            ALTER TABLE mwf_history DROP COLUMN instance_version; ALTER TABLE mwf_history DROP COLUMN data_digest; ALTER TABLE mwf_history DROP COLUMN key_id;
            DROP INDEX ix_mwf_instances_process_created; DROP INDEX ix_mwf_instances_open_created; DROP INDEX ix_mwf_instances_process_open; DROP INDEX ix_mwf_instances_due_created;
            DROP INDEX ix_mwf_links_created; ALTER TABLE mwf_links DROP COLUMN created_at;
            DROP INDEX ix_mwf_outbox_instance_version; ALTER TABLE mwf_outbox DROP COLUMN replayable;
            DELETE FROM mwf_schema_version WHERE version >= 4;
            """);
        var reopened = _database.OpenStore();
        await reopened.InitializeAsync();

        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_history WHERE since IS NULL AND kind <> 'Started'")).Should().Be(0L);
        (await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_history h JOIN mwf_instances i ON i.id = h.instance_id WHERE h.process_id IS NOT i.process_id")).Should().Be(0L);
        (await _database.ScalarAsync(Entered)).Should().Be(entered);
        (await FiguresAsync(StoreAnalytics.For(reopened, set.Registry, set.Clock))).Should().Equal(before);
        await reopened.DisposeAsync();
    }

    [Fact]
    public async Task An_older_postgresql_schema_gets_since_process_and_state_entered_filled_in_and_the_same_figures()
    {
        var schema = PostgresServer.NewSchema();
        var store = server.OpenStore(schema);
        await store.InitializeAsync();
        var set = await AnalyticsDataSet.CreateAsync(store);
        var before = await FiguresAsync(set.Analytics);
        var entered = $"SELECT string_agg(id || '=' || state_entered_at, ',' ORDER BY id) FROM {schema}.mwf_instances";
        var enteredBefore = await server.ScalarAsync(entered);
        await store.DisposeAsync();

        await server.ScalarAsync($"""
            DROP INDEX {schema}.ix_mwf_history_changes; ALTER TABLE {schema}.mwf_history DROP COLUMN since, DROP COLUMN process_id; ALTER TABLE {schema}.mwf_instances DROP COLUMN state_entered_at, DROP COLUMN data;
            ALTER TABLE {schema}.mwf_outbox DROP COLUMN handled_by; DROP FUNCTION {schema}.mwf_expect(boolean, text, text);
            ALTER TABLE {schema}.mwf_history DROP COLUMN instance_version, DROP COLUMN data_digest, DROP COLUMN key_id;
            DROP INDEX {schema}.ix_mwf_instances_process_created, {schema}.ix_mwf_instances_open_created, {schema}.ix_mwf_instances_process_open, {schema}.ix_mwf_instances_due_created, {schema}.ix_mwf_links_created;
            ALTER TABLE {schema}.mwf_links DROP COLUMN created_at; DROP STATISTICS {schema}.st_mwf_instances_state;
            DELETE FROM {schema}.mwf_schema_version WHERE version >= 3;
            """);
        var reopened = server.OpenStore(schema);
        await reopened.InitializeAsync();

        (await server.ScalarAsync($"SELECT count(*) FROM {schema}.mwf_history WHERE since IS NULL AND kind <> 'Started'")).Should().Be(0L);
        (await server.ScalarAsync($"SELECT count(*) FROM {schema}.mwf_history h JOIN {schema}.mwf_instances i ON i.id = h.instance_id WHERE h.process_id IS DISTINCT FROM i.process_id")).Should().Be(0L);
        (await server.ScalarAsync(entered)).Should().Be(enteredBefore);
        (await FiguresAsync(StoreAnalytics.For(reopened, set.Registry, set.Clock))).Should().Equal(before);
        await reopened.DisposeAsync();
    }

    private static async Task<List<object>> FiguresAsync(IProcessAnalytics analytics)
    {
        var all = new AnalyticsFilter();
        return
        [
            .. await analytics.GetCycleTimesAsync(all),
            .. await analytics.GetTimeInStateAsync(all),
            .. await analytics.GetApproverQueuesAsync(all),
            .. await analytics.GetThroughputAsync(all),
            .. await analytics.GetSlaAsync(all),
            .. await analytics.GetApprovalTurnaroundAsync(all, TurnaroundGrouping.Approver),
            .. await analytics.GetBudgetAsync(all, BudgetGrouping.ByDimension("channels")),
            .. await analytics.GetTimeInStateAsync(all with { Data = new Dictionary<string, string> { ["channels"] = "email" } }),
        ];
    }
}
