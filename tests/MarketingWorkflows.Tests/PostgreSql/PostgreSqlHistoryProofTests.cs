using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>Tamper evidence on PostgreSQL: the schema is changed with SQL, and each engine opens a fresh store on it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlHistoryProofTests(PostgresServer server) : HistoryProofContract, IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();
    private readonly List<PostgreSqlProcessStore> _stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override IProcessStore OpenStore()
    {
        var store = server.OpenStore(_schema);
        _stores.Add(store);
        return store;
    }

    protected override Task EditCommentAsync(Guid instanceId, long sequence, string comment)
        => server.ScalarAsync($"UPDATE {_schema}.mwf_history SET comment = '{comment}' WHERE instance_id = '{instanceId}' AND sequence = {sequence};");

    // The body is json (its text kept as written): the edits replace text, as jsonb would reorder the data.
    protected override async Task ForgeStateAsync(Guid instanceId, string from, string to)
    {
        (await server.ScalarAsync($"SELECT state FROM {_schema}.mwf_instances WHERE id = '{instanceId}';")).Should().Be(from);
        await server.ScalarAsync($"""
            UPDATE {_schema}.mwf_instances SET state = '{to}', body = replace(body::text, '"state":"{from}"', '"state":"{to}"')::json WHERE id = '{instanceId}';
            """);
    }

    protected override async Task ForgeNameAsync(Guid instanceId, string from, string to)
    {
        (await server.ScalarAsync($"SELECT body -> 'data' ->> 'name' FROM {_schema}.mwf_instances WHERE id = '{instanceId}';")).Should().Be(from);
        await server.ScalarAsync($"""
            UPDATE {_schema}.mwf_instances SET body = replace(body::text, '"name":"{from}"', '"name":"{to}"')::json WHERE id = '{instanceId}';
            """);
    }

    protected override Task TruncateAsync(Guid instanceId, long keep)
        => server.ScalarAsync($"""
            DELETE FROM {_schema}.mwf_history WHERE instance_id = '{instanceId}' AND sequence > {keep};
            UPDATE {_schema}.mwf_instances SET body = regexp_replace(regexp_replace(body::text,
                    '"historyHead":"[0-9a-f]*"', '"historyHead":"' || (SELECT hash FROM {_schema}.mwf_history WHERE instance_id = '{instanceId}' AND sequence = {keep}) || '"'),
                    '"historyCount":[0-9]+', '"historyCount":{keep}')::json
            WHERE id = '{instanceId}';
            """);

    protected override Task DeleteEntryAsync(Guid instanceId, long sequence)
        => server.ScalarAsync($"DELETE FROM {_schema}.mwf_history WHERE instance_id = '{instanceId}' AND sequence = {sequence};");

    protected override Task SwapEntriesAsync(Guid instanceId, long first, long second)
        => server.ScalarAsync($"""
            UPDATE {_schema}.mwf_history SET sequence = -1 WHERE instance_id = '{instanceId}' AND sequence = {first};
            UPDATE {_schema}.mwf_history SET sequence = {first} WHERE instance_id = '{instanceId}' AND sequence = {second};
            UPDATE {_schema}.mwf_history SET sequence = {second} WHERE instance_id = '{instanceId}' AND sequence = -1;
            """);

    protected override async Task RewriteEntriesAsync(Guid instanceId, IReadOnlyList<HistoryEntry> entries)
    {
        foreach (var e in entries)
        {
            await server.ScalarAsync($"""
                UPDATE {_schema}.mwf_history SET comment = {Sql(e.Comment)}, key_id = {Sql(e.KeyId)}, previous_hash = '{e.PreviousHash}', hash = '{e.Hash}'
                WHERE instance_id = '{instanceId}' AND sequence = {e.Sequence};
                """);
        }

        await server.ScalarAsync($"""
            UPDATE {_schema}.mwf_instances SET body = regexp_replace(body::text, '"historyHead":"[0-9a-f]*"', '"historyHead":"{entries[^1].Hash}"')::json WHERE id = '{instanceId}';
            """);
    }

    protected override async Task<object> SaveRowAsync(Guid instanceId)
        => (string)(await server.ScalarAsync($"SELECT json_build_array(state, version, body::text)::text FROM {_schema}.mwf_instances WHERE id = '{instanceId}';"))!;

    protected override Task RestoreRowAsync(Guid instanceId, object saved)
        => server.ScalarAsync($"""
            UPDATE {_schema}.mwf_instances SET state = s.saved ->> 0, version = (s.saved ->> 1)::bigint, body = (s.saved ->> 2)::json
            FROM (SELECT {Sql((string)saved)}::json AS saved) s WHERE id = '{instanceId}';
            """);

    private static string Sql(string? text) => text is null ? "NULL" : $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
