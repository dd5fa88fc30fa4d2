using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Analytics;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The store's side of the analytics: it runs their SQL on a pooled connection.</summary>
public sealed partial class PostgreSqlProcessStore : IAnalyticsSqlStore
{
    private PostgreSqlAnalyticsDialect? _dialect;

    AnalyticsDialect IAnalyticsSqlStore.Dialect => _dialect ??= new PostgreSqlAnalyticsDialect(_s);

    async Task<IReadOnlyList<object?[]>> IAnalyticsSqlStore.ReadRowsAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
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

/// <summary>PostgreSQL's JSON operators, the store's schema, and boolean flags.</summary>
internal sealed class PostgreSqlAnalyticsDialect(string schema) : AnalyticsDialect
{
    public override string True => "true";

    public override string False => "false";

    public override string Table(string name) => schema + "." + name;

    // The body is stored as json (text): parse it to jsonb once per row, in a subquery that
    // OFFSET 0 keeps from being folded into every reference.
    public override string BodyJoin => " CROSS JOIN LATERAL (SELECT i.body::jsonb AS b OFFSET 0) j";

    public override string Body => "j.b";

    public override string JsonText(string column, params string[] path)
        => column + string.Concat(path.Take(path.Length - 1).Select(p => $" -> '{p}'")) + $" ->> '{path[^1]}'";

    public override string JsonCents(string column, params string[] path)
        => $"(CASE WHEN jsonb_typeof({Json(column, path)}) = 'number' THEN ROUND(CAST({JsonText(column, path)} AS numeric) * 100) END)";

    public override string DataHas(string column, string field, string parameter)
    {
        var value = Json(column, "data", field);
        return $"(CASE WHEN jsonb_typeof({value}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text({value}) j WHERE j = {parameter}) "
            + $"ELSE {JsonText(column, "data", field)} = {parameter} END)";
    }

    public override string ListElements(string column, string field, string alias)
    {
        var value = Json(column, "data", field);
        return $"LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof({value}) = 'array' THEN {value} END) AS {alias}(value) ON true";
    }

    private static string Json(string column, params string[] path) => column + string.Concat(path.Select(p => $" -> '{p}'"));
}
