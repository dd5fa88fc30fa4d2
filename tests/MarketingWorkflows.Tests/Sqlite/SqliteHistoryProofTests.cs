using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Storage;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>Tamper evidence on SQLite: the file is changed with SQL, and each engine opens a fresh store on it.</summary>
public sealed class SqliteHistoryProofTests : HistoryProofContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    protected override IProcessStore OpenStore() => _database.OpenStore();

    protected override Task EditCommentAsync(Guid instanceId, long sequence, string comment)
        => _database.ExecuteAsync($"UPDATE mwf_history SET comment = '{comment}' WHERE instance_id = '{instanceId}' AND sequence = {sequence};");

    protected override async Task ForgeStateAsync(Guid instanceId, string from, string to)
    {
        (await _database.ScalarAsync($"SELECT state FROM mwf_instances WHERE id = '{instanceId}';")).Should().Be(from);
        await _database.ExecuteAsync($"UPDATE mwf_instances SET state = '{to}', body = json_set(body, '$.state', '{to}') WHERE id = '{instanceId}';");
    }

    protected override async Task ForgeNameAsync(Guid instanceId, string from, string to)
    {
        (await _database.ScalarAsync($"SELECT body ->> '$.data.name' FROM mwf_instances WHERE id = '{instanceId}';")).Should().Be(from);
        await _database.ExecuteAsync($"UPDATE mwf_instances SET body = json_set(body, '$.data.name', '{to}') WHERE id = '{instanceId}';");
    }

    protected override Task TruncateAsync(Guid instanceId, long keep)
        => _database.ExecuteAsync($"""
            DELETE FROM mwf_history WHERE instance_id = '{instanceId}' AND sequence > {keep};
            UPDATE mwf_instances SET body = json_set(body,
                '$.historyHead', (SELECT hash FROM mwf_history WHERE instance_id = '{instanceId}' AND sequence = {keep}),
                '$.historyCount', {keep})
            WHERE id = '{instanceId}';
            """);

    protected override Task DeleteEntryAsync(Guid instanceId, long sequence)
        => _database.ExecuteAsync($"DELETE FROM mwf_history WHERE instance_id = '{instanceId}' AND sequence = {sequence};");

    protected override Task SwapEntriesAsync(Guid instanceId, long first, long second)
        => _database.ExecuteAsync($"""
            UPDATE mwf_history SET sequence = -1 WHERE instance_id = '{instanceId}' AND sequence = {first};
            UPDATE mwf_history SET sequence = {first} WHERE instance_id = '{instanceId}' AND sequence = {second};
            UPDATE mwf_history SET sequence = {second} WHERE instance_id = '{instanceId}' AND sequence = -1;
            """);

    protected override async Task RewriteEntriesAsync(Guid instanceId, IReadOnlyList<HistoryEntry> entries)
    {
        foreach (var e in entries)
        {
            await _database.ExecuteAsync($"""
                UPDATE mwf_history SET comment = {Sql(e.Comment)}, key_id = {Sql(e.KeyId)}, previous_hash = '{e.PreviousHash}', hash = '{e.Hash}'
                WHERE instance_id = '{instanceId}' AND sequence = {e.Sequence};
                """);
        }

        await _database.ExecuteAsync($"UPDATE mwf_instances SET body = json_set(body, '$.historyHead', '{entries[^1].Hash}') WHERE id = '{instanceId}';");
    }

    protected override async Task<object> SaveRowAsync(Guid instanceId)
        => (string)(await _database.ScalarAsync($"SELECT json_array(state, version, body) FROM mwf_instances WHERE id = '{instanceId}';"))!;

    protected override Task RestoreRowAsync(Guid instanceId, object saved)
        => _database.ExecuteAsync($"""
            UPDATE mwf_instances SET state = saved ->> 0, version = saved ->> 1, body = saved ->> 2
            FROM (SELECT {Sql((string)saved)} AS saved) WHERE id = '{instanceId}';
            """);

    private static string Sql(string? text) => text is null ? "NULL" : $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
