using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Sqlite;

/// <summary>The events of one instance version whose command had an idempotency key, by the outbox's index of those events by instance and version: what a replayed command answers with.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetEventsAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken = default) => Guard(GetEventsCoreAsync(instanceId, instanceVersion, cancellationToken));

    private async Task<IReadOnlyList<ProcessEvent>> GetEventsCoreAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers!.Rent();
        try
        {
            using var command = reader.Connection.CreateCommand();
            command.CommandText = "SELECT id, type, process_id, time, data FROM mwf_outbox WHERE instance_id = $id AND instance_version = $version AND replayable = 1 ORDER BY seq;";
            command.Parameters.AddWithValue("$id", Key(instanceId));
            command.Parameters.AddWithValue("$version", instanceVersion);
            var events = new List<ProcessEvent>();
            using var row = command.ExecuteReader();
            while (row.Read())
            {
                events.Add(new ProcessEvent(Guid.Parse(row.GetString(0)), row.GetString(1), row.GetString(2), instanceId, instanceVersion, Time(row.GetInt64(3)), (byte[])row.GetValue(4)));
            }

            return events;
        }
        finally
        {
            _readers.Return(reader);
        }
    }
}
