using System.Text.Json;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Tests.Storage;
using Npgsql;

namespace MarketingWorkflows.Tests.PostgreSql;

/// <summary>
/// On a schema of 100,000 instances (analyzed, as autovacuum would), every list query reads an
/// index in creation order and stops after its page: no sequential or bitmap scan of the
/// instances (but for counting the matches of a data field, which no index holds), and the right
/// answer. PostgreSQL plans by its statistics: it may sort a set it expects to be small (the
/// links to one instance, the overdue), and must read the ordered index for any larger one, so
/// a sort over instances is a fault when the planner expects more rows than one count's worth.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlQueryPlanTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _schema = PostgresServer.NewSchema();
    private PostgreSqlProcessStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = server.OpenStore(_schema, configure: o => o.IndexedDataFields = [.. LargeStore.IndexedDataFields]);
        await _store.InitializeAsync();
        await using var connection = await OpenAsync();
        await using (var fill = new NpgsqlCommand(LargeStore.Fill(new SeedSql(
            $"WITH n(i) AS (SELECT generate_series(0::bigint, {LargeStore.Size - 1}))",
            i => $"('00000000-0000-7000-8000-' || lpad(({i})::text, 12, '0'))::uuid",
            v => $"({v})::text",
            text => $"({text})::json",
            "true",
            "false",
            "@template")), connection))
        {
            fill.Parameters.AddWithValue("template", LargeStore.TemplateBody());
            await fill.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE;", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await server.ScalarAsync($"DROP SCHEMA {_schema} CASCADE");
    }

    /// <summary>One test, so that the schema is filled once.</summary>
    [Fact]
    public async Task Every_query_reads_an_index_in_order_stops_after_its_page_and_answers_right_on_100_000_instances()
    {
        await ListQueriesReadAnIndexInOrderAsync();
        await HistoryAndInstanceAreReadByTheirKeysAsync();
        await ListQueriesAnswerTheirPageAndTotalAsync();
    }

    private async Task ListQueriesReadAnIndexInOrderAsync()
    {
        await using var connection = await OpenAsync();
        var faults = new List<string>();
        foreach (var (name, query) in LargeStore.Shapes)
        {
            var statements = InstanceQuerySql.Translate(query, new PostgreSqlDialect(_schema));
            foreach (var (what, statement) in new[] { ("page", statements.Page), ("count", statements.Count) })
            {
                // A data field is in no index: its count reads the rows in any order until
                // enough match (a scan), but never sorts them.
                var plan = await PlanAsync(connection, statement);
                var scans = what == "count" && query.DataField is not null;
                faults.AddRange(Faults(plan, underSort: false).Where(f => !scans || f.StartsWith("a sort", StringComparison.Ordinal)).Select(f => $"{name}, {what}: {f} in {plan}"));
            }

            // A data field the store indexes is read along its index, page and count alike.
            if (query.DataField is not null)
            {
                var indexed = InstanceQuerySql.Translate(query, new PostgreSqlDialect(_schema), LargeStore.IndexedDataFields);
                foreach (var (what, statement) in new[] { ("page", indexed.Page), ("count", indexed.Count) })
                {
                    // The count may read the value's whole range of the index by bitmap and sort
                    // it when the planner expects that range to hold few more entries than a count
                    // needs (here 2 %, about 2,000 of 100,000): a range of the field's index, whose
                    // cost is the value's matches, never the instances'. For more matches it reads
                    // the index in order and stops after the count.
                    var plan = await PlanAsync(connection, statement);
                    var smallRange = what == "count" && BitmapRanges(plan).All(r => r.Index == "ix_mwf_instances_data_owner" && r.Rows <= 4 * InstancePage.CountLimit);
                    faults.AddRange(Faults(plan, underSort: false).Where(_ => !smallRange).Select(f => $"{name}, indexed {what}: {f} in {plan}"));
                    if (!plan.ToString().Contains("ix_mwf_instances_data_owner", StringComparison.Ordinal))
                    {
                        faults.Add($"{name}, indexed {what}: does not read ix_mwf_instances_data_owner: {plan}");
                    }
                }
            }
        }

        faults.Should().BeEmpty();
    }

    /// <summary>The history and the instance behind the available actions are read by their keys.</summary>
    private async Task HistoryAndInstanceAreReadByTheirKeysAsync()
    {
        await using var connection = await OpenAsync();
        var id = LargeStore.Id(42);
        var history = await PlanAsync(connection, new SqlStatement($"SELECT {StoreRows.HistoryColumns} FROM {_schema}.mwf_history WHERE instance_id = @id ORDER BY sequence;", [new("@id", id)]));
        var instance = await PlanAsync(connection, new SqlStatement($"SELECT body FROM {_schema}.mwf_instances WHERE id = @id;", [new("@id", id)]));

        history.GetProperty("Node Type").GetString().Should().Be("Index Scan", history.ToString());
        history.GetProperty("Index Name").GetString().Should().Be("mwf_history_pkey");
        instance.GetProperty("Node Type").GetString().Should().Be("Index Scan", instance.ToString());
        instance.GetProperty("Index Name").GetString().Should().Be("mwf_instances_pkey");
    }

    /// <summary>Every list query answers its page, and a total counted up to the limit.</summary>
    private async Task ListQueriesAnswerTheirPageAndTotalAsync()
    {
        foreach (var (name, query) in LargeStore.Shapes)
        {
            var (items, total, exact) = LargeStore.Expected(query);
            var page = await _store.QueryAsync(query);

            page.Items.Select(i => i.Id).Should().Equal(items.Select(LargeStore.Id), name);
            (page.Total, page.TotalIsExact).Should().Be((total, exact), name);
        }
    }

    /// <summary>Gets each bitmap index scan in a plan: the index and how many entries the planner expects it to read.</summary>
    private static IEnumerable<(string? Index, double Rows)> BitmapRanges(JsonElement node)
    {
        if (node.GetProperty("Node Type").GetString() == "Bitmap Index Scan")
        {
            yield return (node.GetProperty("Index Name").GetString(), node.GetProperty("Plan Rows").GetDouble());
        }

        if (node.TryGetProperty("Plans", out var plans))
        {
            foreach (var range in plans.EnumerateArray().SelectMany(BitmapRanges))
            {
                yield return range;
            }
        }
    }

    /// <summary>What a plan must not do: read the instances without an index (or a whole range of one, by bitmap), or sort them.</summary>
    private static IEnumerable<string> Faults(JsonElement node, bool underSort)
    {
        var type = node.GetProperty("Node Type").GetString();
        var relation = node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        if (relation == "mwf_instances" && type is "Seq Scan" or "Bitmap Heap Scan")
        {
            yield return $"{type} on mwf_instances";
        }

        if (relation == "mwf_instances" && underSort)
        {
            yield return "a sort over mwf_instances";
        }

        var sorting = underSort || (type is "Sort" or "Incremental Sort" && node.GetProperty("Plan Rows").GetDouble() > InstancePage.CountLimit);
        if (node.TryGetProperty("Plans", out var plans))
        {
            foreach (var child in plans.EnumerateArray())
            {
                foreach (var fault in Faults(child, sorting))
                {
                    yield return fault;
                }
            }
        }
    }

    /// <summary>Gets the top node of the statement's plan, planned for its parameters' values.</summary>
    private static async Task<JsonElement> PlanAsync(NpgsqlConnection connection, SqlStatement statement)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement.Text, connection);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value);
        }

        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan").Clone();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var path = new NpgsqlCommand($"SET search_path TO {_schema}", connection);
        await path.ExecuteNonQueryAsync();
        return connection;
    }
}
