using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The events of one instance version, by the outbox's index of instance and order (an instance's events, filtered by version): what a replayed command answers with.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessEvent>> GetEventsAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken = default) => Guard(GetEventsCoreAsync(instanceId, instanceVersion, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessEvent>> GetEventsCoreAsync(Guid instanceId, long instanceVersion, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT id, type, process_id, time, data FROM {_s}.mwf_outbox WHERE instance_id = $1 AND instance_version = $2 ORDER BY seq;", instanceId, instanceVersion);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        var events = new List<ProcessEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new ProcessEvent(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), instanceId, instanceVersion, Time(reader.GetInt64(3)), reader.GetFieldValue<byte[]>(4)));
        }

        return events;
    }
}
