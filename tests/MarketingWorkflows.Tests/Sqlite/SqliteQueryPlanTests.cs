using System.Text.RegularExpressions;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// On a file of 100,000 instances, every list query reads an index in creation order and stops
/// after its page (and its count after <see cref="MarketingWorkflows.Storage.InstancePage.CountLimit"/> more): no
/// scan of the instances table without an index (but for counting the matches of a data field
/// the store does not index), no temporary B-tree to sort, and the right answer. The store
/// indexes <c>owner</c>, so its answers come through that index.
/// </summary>
public sealed partial class SqliteQueryPlanTests : IAsyncLifetime
{
    /// <summary>The index each shape's page must read (SQLite plans without statistics, so the choice is fixed).</summary>
    private static readonly Dictionary<string, string> Indexes = new()
    {
        ["newest"] = "ix_mwf_instances_created",
        ["open"] = "ix_mwf_instances_open_created",
        ["by process"] = "ix_mwf_instances_process_created",
        ["by process, open"] = "ix_mwf_instances_process_open",
        ["by process, a later page"] = "ix_mwf_instances_process_created",
        ["by process and state"] = "ix_mwf_instances_process_state",
        ["by process and state, open"] = "ix_mwf_instances_process_state",
        ["by rare process"] = "ix_mwf_instances_process_state",
        ["by data field"] = "ix_mwf_instances_process_created",
        ["by data field, any process"] = "ix_mwf_instances_created",
        ["waiting on me"] = "ix_mwf_awaiting_created",
        ["waiting on me, no roles"] = "ix_mwf_awaiting_created",
        ["overdue"] = "ix_mwf_instances_due_created",
        ["overdue, open"] = "ix_mwf_instances_due_created",
        ["linked to"] = "ix_mwf_links_created",
        ["linked to, by process"] = "ix_mwf_links_created",
    };

    private readonly TempDatabase _database = new();
    private SqliteProcessStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = _database.OpenStore(o => o.IndexedDataFields = [.. LargeStore.IndexedDataFields]);
        await _store.InitializeAsync();
        await using var connection = await OpenAsync();
        await using var fill = connection.CreateCommand();
        fill.CommandText = LargeStore.Fill(new SeedSql(
            $"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {LargeStore.Size - 1})",
            i => $"printf('00000000-0000-7000-8000-%012d', {i})",
            v => $"CAST({v} AS TEXT)",
            text => text,
            "1",
            "0",
            "$template"));
        fill.Parameters.AddWithValue("$template", LargeStore.TemplateBody());
        await fill.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>One test, so that the file is filled once.</summary>
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
            var statements = InstanceQuerySql.Translate(query, SqliteDialect.Instance);
            var page = await PlanAsync(connection, statements.Page);
            var count = await PlanAsync(connection, statements.Count);
            faults.AddRange(Faults(page).Select(f => $"{name}: {f}"));

            // A data field is in no index: its count reads the rows in any order until enough
            // match (a scan), but never sorts them.
            faults.AddRange(Faults(count).Where(f => query.DataField is null || f.Contains("TEMP B-TREE", StringComparison.Ordinal)).Select(f => $"{name}, count: {f}"));
            if (!page.Any(line => line.Contains(" INDEX " + Indexes[name] + " ", StringComparison.Ordinal) || line.EndsWith(" INDEX " + Indexes[name], StringComparison.Ordinal)))
            {
                faults.Add($"{name}: the page does not read {Indexes[name]}: {string.Join(" | ", page)}");
            }

            // A data field the store indexes is read along its index, page and count alike.
            if (query.DataField is not null)
            {
                var indexed = InstanceQuerySql.Translate(query, SqliteDialect.Instance, LargeStore.IndexedDataFields);
                var indexedPage = await PlanAsync(connection, indexed.Page);
                var indexedCount = await PlanAsync(connection, indexed.Count);
                faults.AddRange(Faults(indexedPage).Concat(Faults(indexedCount)).Select(f => $"{name}, indexed: {f}"));
                faults.AddRange(new[] { indexedPage, indexedCount }
                    .Where(plan => !plan.Any(line => line.Contains("INDEX ix_mwf_instances_data_owner (<expr>=?)", StringComparison.Ordinal)))
                    .Select(plan => $"{name}, indexed: does not read ix_mwf_instances_data_owner: {string.Join(" | ", plan)}"));
            }

            // Open overdue instances are counted in the index of due times, which holds them
            // alone in due order: the count reads the overdue entries, not every deadline.
            if (query is { OverdueAt: not null, IncludeCompleted: false } && !count.Any(line => line.Contains("USING COVERING INDEX ix_mwf_instances_due (due_at<?)", StringComparison.Ordinal)))
            {
                faults.Add($"{name}, count: does not read the overdue range of ix_mwf_instances_due: {string.Join(" | ", count)}");
            }
        }

        faults.Should().BeEmpty();
    }

    /// <summary>The history and the instance behind the available actions are read by their keys.</summary>
    private async Task HistoryAndInstanceAreReadByTheirKeysAsync()
    {
        await using var connection = await OpenAsync();
        var id = SqliteProcessStore.Key(LargeStore.Id(42));
        var history = await PlanAsync(connection, new SqlStatement($"SELECT {StoreRows.HistoryColumns} FROM mwf_history WHERE instance_id = @id ORDER BY sequence;", [new("@id", id)]));
        var instance = await PlanAsync(connection, new SqlStatement("SELECT version, body FROM mwf_instances WHERE id = @id;", [new("@id", id)]));

        history.Should().ContainSingle().Which.Should().StartWith("SEARCH mwf_history USING PRIMARY KEY (instance_id=?)");
        instance.Should().ContainSingle().Which.Should().StartWith("SEARCH mwf_instances USING INDEX sqlite_autoindex_mwf_instances_1 (id=?)");
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

    /// <summary>What a plan must not do: read the instances (or links, awaiting) table without an index, or sort.</summary>
    private static IEnumerable<string> Faults(List<string> plan)
        => plan.Where(line => line.Contains("TEMP B-TREE", StringComparison.Ordinal) || TableScan().IsMatch(line))
            .Select(line => $"{line} (in {string.Join(" | ", plan)})");

    [GeneratedRegex(@"^SCAN (i|l|a|x|d|mwf_\w+)( |$)(?!.*USING)")]
    private static partial Regex TableScan();

    private static async Task<List<string>> PlanAsync(SqliteConnection connection, SqlStatement statement)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
