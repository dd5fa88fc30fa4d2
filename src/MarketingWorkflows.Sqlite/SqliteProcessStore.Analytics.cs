using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Analytics;

namespace MarketingWorkflows.Sqlite;

/// <summary>The store's side of the analytics: it runs their SQL on a read connection.</summary>
public sealed partial class SqliteProcessStore : IAnalyticsSqlStore
{
    AnalyticsDialect IAnalyticsSqlStore.Dialect => SqliteAnalyticsDialect.Instance;

    async Task<IReadOnlyList<object?[]>> IAnalyticsSqlStore.ReadRowsAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
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

/// <summary>SQLite's JSON functions and 0/1 flags.</summary>
internal sealed class SqliteAnalyticsDialect : AnalyticsDialect
{
    public static SqliteAnalyticsDialect Instance { get; } = new();

    public override string True => "1";

    public override string False => "0";

    public override string Table(string name) => name;

    public override string JsonText(string column, params string[] path) => $"json_extract({column}, '{Path(path)}')";

    public override string JsonCents(string column, params string[] path)
        => $"(CASE WHEN json_type({column}, '{Path(path)}') IN ('integer', 'real') THEN CAST(ROUND(json_extract({column}, '{Path(path)}') * 100) AS INTEGER) END)";

    public override string DataHas(string column, string field, string parameter)
        => $"(CASE json_type({column}, '$.data.{field}') WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each({column}, '$.data.{field}') j WHERE CAST(j.value AS TEXT) = {parameter}) "
            + $"ELSE CAST(json_extract({column}, '$.data.{field}') AS TEXT) = {parameter} END)";

    public override string ListElements(string column, string field, string alias)
        => $"LEFT JOIN json_each({column}, '$.data.{field}') AS {alias} ON json_type({column}, '$.data.{field}') = 'array'";

    private static string Path(string[] path) => "$." + string.Join('.', path);
}
