using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// One raw client: the engine's transaction written by hand, on one instance row of
/// <c>bench_raw</c>, with history and outbox rows copied from one real engine command
/// (<see cref="ReadTemplatesAsync"/>).
/// </summary>
internal sealed class PostgreSqlRawClient(NpgsqlDataSource dataSource, Guid id, object[] history, object[] outbox)
{
    /// <summary>The history columns a command writes.</summary>
    internal const string HistoryColumns = "instance_id, sequence, kind, trigger, decision, actor, on_behalf_of, from_state, to_state, comment, arguments, data_revision, definition_version, at, self_approval, previous_hash, hash";
    /// <summary>The outbox columns a command writes.</summary>
    internal const string OutboxColumns = "id, type, process_id, instance_id, instance_version, time, data";

    /// <summary>Builds the data source of raw clients, set up as the store sets up its own.</summary>
    public static NpgsqlDataSource CreateDataSource(string connection)
        => new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connection) { MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString).Build();

    /// <summary>Reads the newest history and outbox rows the engine wrote for <paramref name="instance"/> in <c>bench_engine</c>: what every raw command writes again.</summary>
    public static async Task<(object[] History, object[] Outbox)> ReadTemplatesAsync(NpgsqlDataSource dataSource, Guid instance)
        => (await PostgreSqlLoad.RowAsync(dataSource, $"SELECT {HistoryColumns} FROM bench_engine.mwf_history WHERE instance_id = '{instance}' ORDER BY sequence DESC LIMIT 1;"),
            await PostgreSqlLoad.RowAsync(dataSource, $"SELECT {OutboxColumns} FROM bench_engine.mwf_outbox WHERE instance_id = '{instance}' ORDER BY seq DESC LIMIT 1;"));

    /// <summary>Writes commands until <paramref name="stop"/> says so: as fast as it can, or <paramref name="perSecond"/> a second (above 0), like the engine's clients.</summary>
    public async Task RunAsync(Func<bool> stop, double perSecond = 0)
    {
        // Read once, then go on from what this client wrote, as the engine goes on from its copy.
        long version;
        string state;
        string body;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var read = new NpgsqlCommand("SELECT version, state, body FROM bench_raw.mwf_instances WHERE id = $1;", connection) { Parameters = { new() { Value = id } } })
        await using (var row = await read.ExecuteReaderAsync())
        {
            await row.ReadAsync();
            version = row.GetInt64(0);
            state = row.GetString(1);
            body = row.GetString(2);
        }

        var pace = new ClientPace(perSecond);
        while (!stop())
        {
            await pace.WaitAsync();
            await using var connection = await dataSource.OpenConnectionAsync();

            // One round trip, as the engine's: the batch is one implicit transaction.
            await using var batch = new NpgsqlBatch(connection);
            var update = new NpgsqlBatchCommand("UPDATE bench_raw.mwf_instances SET state = $1, version = $2, is_completed = $3, due_at = $4, body = $5, awaiting_key = $6, links_key = $7, state_entered_at = $10 WHERE id = $8 AND version = $9;");
            foreach (var value in new object[] { state == "A" ? "B" : "A", version + 1, false, DBNull.Value, new Json(body), string.Empty, string.Empty, id, version, DateTime.UtcNow.Ticks })
            {
                update.Parameters.Add(value is Json json ? new NpgsqlParameter { Value = json.Text, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json } : new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(update);
            var historyValues = (object[])history.Clone();
            historyValues[0] = id;
            historyValues[1] = version + 1;
            batch.BatchCommands.Add(Insert("mwf_history", HistoryColumns, historyValues));
            var outboxValues = (object[])outbox.Clone();
            outboxValues[0] = Guid.CreateVersion7();
            outboxValues[3] = id;
            outboxValues[4] = version + 1;
            batch.BatchCommands.Add(Insert("mwf_outbox", OutboxColumns, outboxValues));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO bench_raw.mwf_outbox_queues (instance_id, from_seq) SELECT $1, o.seq FROM bench_raw.mwf_outbox o WHERE o.id = $2 AND NOT EXISTS (SELECT 1 FROM bench_raw.mwf_outbox_queues WHERE instance_id = $1) ON CONFLICT (instance_id) DO NOTHING;") { Parameters = { new() { Value = id }, new() { Value = outboxValues[0] } } });
            await batch.ExecuteNonQueryAsync();
            if (update.RecordsAffected != 1)
            {
                throw new InvalidOperationException("The version check failed: no other client writes this row.");
            }

            version++;
            state = state == "A" ? "B" : "A";
        }
    }

    private static NpgsqlBatchCommand Insert(string table, string columns, object[] values)
    {
        var command = new NpgsqlBatchCommand($"INSERT INTO bench_raw.{table} ({columns}) VALUES ({string.Join(", ", values.Select((_, i) => "$" + (i + 1)))});");
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private sealed record Json(string Text);
}
