using System.Globalization;
using System.Linq;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.PostgreSql;

/// <summary>PostgreSQL's JSON operators, the store's schema, and boolean flags.</summary>
internal sealed class PostgreSqlDialect(string schema) : SqlDialect
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

    // Strings compare by their text, anything else by its JSON, as the in-memory store does. The
    // name is a key looked up by ->, never a path.
    public override string DataFieldEquals(string fieldParameter, string valueParameter) => $"{DataFieldValue(fieldParameter)} = {valueParameter}";

    public override string IndexedDataField(string field) => DataFieldValue($"'{field}'");

    // A string by its text, anything else by its JSON text; the field is a parameter or, for an index, a literal.
    private static string DataFieldValue(string field)
        => $"(CASE json_typeof(body -> 'data' -> {field}) WHEN 'string' THEN body -> 'data' ->> {field} ELSE (body -> 'data' -> {field})::text END)";

    public override object DataFieldArgument(string field) => field;

    private static string Json(string column, params string[] path) => column + string.Concat(path.Select(p => $" -> '{p}'"));
}
