using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>Instances: reading one with its history, and finding them.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task<ProcessInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetCoreAsync(instanceId, cancellationToken));

    private async Task<ProcessInstance?> GetCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var known = _recent.Find(instanceId);
        var reader = _readers!.Rent();
        long version;
        string? body;
        try
        {
            // The row's version decides; its JSON is read only when it differs from the copy at hand.
            reader.Instance.Parameters[0].Value = Key(instanceId);
            reader.Instance.Parameters[1].Value = known?.Version ?? -1;
            using var row = reader.Instance.ExecuteReader();
            if (!row.Read())
            {
                _recent.Forget(instanceId);
                return null;
            }

            version = row.GetInt64(0);
            body = row.IsDBNull(1) ? null : row.GetString(1);
        }
        finally
        {
            _readers.Return(reader);
        }

        if (body is null && known is not null && known.Version == version)
        {
            return known;
        }

        var instance = StoreJson.ReadInstance(body!);
        _recent.Remember(instance);
        return instance;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetHistoryCoreAsync(instanceId, cancellationToken));

    private async Task<IReadOnlyList<HistoryEntry>> GetHistoryCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.HistoryColumns} FROM mwf_history WHERE instance_id = $id ORDER BY sequence;";
        command.Parameters.AddWithValue("$id", Key(instanceId));
        var entries = new List<HistoryEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(StoreRows.History(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public Task<HistoryEntry?> GetLastHistoryEntryAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetLastHistoryEntryCoreAsync(instanceId, cancellationToken));

    private async Task<HistoryEntry?> GetLastHistoryEntryCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers!.Rent();
        try
        {
            reader.LastHistory.Parameters[0].Value = Key(instanceId);
            using var row = reader.LastHistory.ExecuteReader();
            return row.Read() ? StoreRows.History(row) : null;
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Guard(QueryCoreAsync(query, cancellationToken));

    private async Task<InstancePage> QueryCoreAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statements = InstanceQuerySql.Translate(query, SqliteDialect.Instance, _indexedDataFields);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var count = Command(connection, statements.Count);
        var counted = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        using var page = Command(connection, statements.Page);
        var items = new List<ProcessInstance>();
        using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(StoreJson.ReadInstance(reader.GetString(0)));
        }

        return InstancePage.Counted(items, query, counted);
    }

    /// <summary>Creates a command from a statement of the shared SQL, with its parameters.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
