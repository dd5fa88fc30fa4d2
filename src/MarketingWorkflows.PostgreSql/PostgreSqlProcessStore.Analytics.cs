using System.Collections.Generic;
using System.Data;
using System.Globalization;
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

/// <summary>PostgreSQL's JSON operators, the store's schema, and boolean flags.</summary>
internal sealed class PostgreSqlAnalyticsDialect(string schema) : AnalyticsDialect
{
    public override string True => "true";

    public override string False => "false";

    public override string Table(string name) => schema + "." + name;

    // The body is stored as json (text): parse it to jsonb once per row, in a subquery that
    // OFFSET 0 keeps from being folded into every reference. Only the version filter needs it.
    public override string BodyJoin => " CROSS JOIN LATERAL (SELECT i.body::jsonb AS b OFFSET 0) j";

    public override string Body => "j.b";

    // A stored generated column: the body's data as jsonb, parsed when the row is written.
    public override string Data => "i.data";

    public override string JsonText(string column, params string[] path)
        => column + string.Concat(path.Take(path.Length - 1).Select(p => $" -> '{p}'")) + $" ->> '{path[^1]}'";

    public override string JsonCents(string column, params string[] path)
        => $"(CASE WHEN jsonb_typeof({Json(column, path)}) = 'number' THEN ROUND(CAST({JsonText(column, path)} AS numeric) * 100) END)";

    public override string DataHas(string field, string parameter)
    {
        var value = Json(Data, field);
        return $"(CASE WHEN jsonb_typeof({value}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text({value}) j WHERE j = {parameter}) "
            + $"ELSE {JsonText(Data, field)} = {parameter} END)";
    }

    public override string ListElements(string column, string field, string alias)
    {
        var value = Json(column, field);
        return $"LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof({value}) = 'array' THEN {value} END) AS {alias}(value) ON true";
    }

    // Nearest rank by an exact integer subscript: percentile_disc takes a float fraction.
    public override string Percentile(string value, int percent)
        => $"(array_agg({value} ORDER BY {value}) FILTER (WHERE {value} IS NOT NULL))[CAST((COUNT({value}) * {percent.ToString(CultureInfo.InvariantCulture)} + 99) / 100 AS integer)]";

    private static string Json(string column, params string[] path) => column + string.Concat(path.Select(p => $" -> '{p}'"));
}
