using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Instances: reading one with its history, and finding them.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetCoreAsync(instanceId, cancellationToken), cancellationToken);

    private async Task<ProcessInstance?> GetCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT body FROM {_s}.mwf_instances WHERE id = $1;", instanceId);
        if (await ExecuteScalarAsync(command, cancellationToken).ConfigureAwait(false) is not string body)
        {
            _recent.Forget(instanceId);
            return null;
        }

        var instance = StoreJson.ReadInstance(body);
        _recent.Remember(instance);
        return instance;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetHistoryCoreAsync(instanceId, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<HistoryEntry>> GetHistoryCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.HistoryColumns} FROM {_s}.mwf_history WHERE instance_id = $1 ORDER BY sequence;", instanceId);
        var entries = new List<HistoryEntry>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoreRows.History(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetLastHistoryEntryCoreAsync(instanceId, cancellationToken), cancellationToken);

    private async Task<HistoryEntry?> GetLastHistoryEntryCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.HistoryColumns} FROM {_s}.mwf_history WHERE instance_id = $1 ORDER BY sequence DESC LIMIT 1;", instanceId);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoreRows.History(reader) : null;
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Guard(QueryCoreAsync(query, cancellationToken), cancellationToken);

    private async Task<InstancePage> QueryCoreAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statements = InstanceQuerySql.Translate(query, _dialect, _indexedDataFields);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        long counted;
        using (var count = Command(connection, statements.Count))
        {
            counted = Convert.ToInt64(await ExecuteScalarAsync(count, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        using var page = Command(connection, statements.Page);
        return InstancePage.Counted(await ReadInstancesAsync(page, cancellationToken).ConfigureAwait(false), query, counted);
    }

    private async Task<long?> ReadVersionAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken)
    {
        using var command = Command(connection, $"SELECT version FROM {_s}.mwf_instances WHERE id = $1;", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    private async Task<IReadOnlyList<ProcessInstance>> ReadInstancesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<ProcessInstance>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(StoreJson.ReadInstance(reader.GetString(0)));
        }

        return items;
    }
}
