using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Sqlite;

/// <summary>The store's side of the analytics: it runs their SQL on a read connection.</summary>
public sealed partial class SqliteProcessStore : ISqlReader
{
    /// <inheritdoc />
    public SqlDialect Dialect => SqliteDialect.Instance;

    /// <inheritdoc />
    public Task<IReadOnlyList<object?[]>> ReadRowsAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken) => Guard(ReadRowsCoreAsync(sql, parameters, cancellationToken));

    private async Task<IReadOnlyList<object?[]>> ReadRowsCoreAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        SqliteDialect.AddFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
