using System.Collections.Generic;
using System.Data;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The store's side of the analytics: it runs their SQL on a pooled connection.</summary>
public sealed partial class PostgreSqlProcessStore : ISqlReader
{
    /// <inheritdoc />
    public SqlDialect Dialect => _dialect;

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> ReadRowsAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken) => Guard(ReadRowsCoreAsync(sql, parameters, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<object?[]>> ReadRowsCoreAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // A read-only transaction whose settings end with it: the queries sort and aggregate a
        // million rows, where JIT compilation costs more than it saves and 4 MB sorts spill to disk.
        using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        using (var settings = connection.CreateCommand())
        {
            settings.Transaction = transaction;
            settings.CommandText = "SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'";
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        var rows = new List<object?[]>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
