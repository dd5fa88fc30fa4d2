using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// The figures as SQL both stores run: common table expressions, joins and aggregates, so one
/// text serves SQLite and PostgreSQL. Percentiles are nearest-rank, by an aggregate each dialect
/// supplies (ranking every row with a window function sorted the whole set a second time).
/// </summary>
public sealed class SqlAnalyticsSource(ISqlReader store) : IAnalyticsSource
{
    /// <summary>Gets when instance <c>i</c> entered its current state, which the stores keep as a column (for a completed instance: when it ended).</summary>
    private const string EnteredAt = "i.state_entered_at";

    private SqlDialect D => store.Dialect;

    /// <inheritdoc />
    public async Task<IReadOnlyList<CycleTimeRow>> CycleTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = $"""
            WITH {Instances(query, p)},
            done AS (SELECT i.id, i.process_id, i.state, i.created_at, {EnteredAt} AS ended FROM inst i WHERE i.is_completed = {D.True}),
            x AS (SELECT process_id AS g1, state AS g2, id AS instance_id, ended - created_at AS d FROM done WHERE ended IS NOT NULL{Window("ended", query, p)})
            SELECT g1, g2, COUNT(*), {P50}, {P90}, MAX(d) FROM x GROUP BY g1, g2
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new CycleTimeRow(S(r[0]), S(r[1]), I(r[2]), T(r[3]), T(r[4]), T(r[5])))];
    }

    /// <summary>
    /// The ended stays and the open instances are grouped apart and joined, so that the stays'
    /// group-by reads them in the order of the index of changes instead of sorting them with the
    /// open instances. An instance counts once per state: the instances of the ended stays, plus
    /// the open ones, less those that are both (back in a state they left before).
    /// </summary>
    public async Task<IReadOnlyList<StateTimeRow>> StateTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var now = p.Add(query.Now);
        var sql = $"""
            WITH {Instances(query, p, materialize: true)},
            {Stays(withReturns: true)},
            e AS (
                SELECT process_id AS g1, state AS g2, COUNT(*) AS n, COUNT(DISTINCT instance_id) AS k, COUNT(DISTINCT back) AS kb,
                    {P50} AS p50, {P90} AS p90, SUM(d / 10000000) AS w
                FROM (SELECT process_id, state, instance_id, back, left_at - since AS d FROM stay WHERE 1 = 1{Window("left_at", query, p)}) s
                GROUP BY process_id, state),
            o AS (
                SELECT i.process_id AS g1, i.state AS g2, COUNT(*) AS wip, SUM(({now} - {EnteredAt}) / 10000000) AS w
                FROM inst i WHERE i.is_completed = {D.False}
                GROUP BY i.process_id, i.state)
            SELECT COALESCE(e.g1, o.g1), COALESCE(e.g2, o.g2), COALESCE(e.n, 0), COALESCE(e.k, 0) + COALESCE(o.wip, 0) - COALESCE(e.kb, 0),
                e.p50, e.p90, COALESCE(o.wip, 0), COALESCE(e.w, 0) + COALESCE(o.w, 0)
            FROM e FULL OUTER JOIN o ON o.g1 = e.g1 AND o.g2 = e.g2
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new StateTimeRow(S(r[0]), S(r[1]), I(r[2]), I(r[3]), T(r[4]), T(r[5]), I(r[6]), L(r[7]) / 3600.0, 0))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TurnaroundRow>> TurnaroundAsync(AnalyticsQuery query, TurnaroundGrouping groupBy, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var group = groupBy switch
        {
            TurnaroundGrouping.Stage => "from_state",
            TurnaroundGrouping.Approver => "actor",
            _ => RoleCase(query.Model),
        };
        var sql = $"""
            WITH {Instances(query, p)},
            {History()},
            x AS (SELECT process_id AS g1, {group} AS g2, instance_id, at - since AS d FROM hist WHERE kind = 'Decision' AND since IS NOT NULL{Window("at", query, p)})
            SELECT g1, g2, COUNT(*), COUNT(DISTINCT instance_id), {P50}, {P90}, MAX(d) FROM x GROUP BY g1, g2
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new TurnaroundRow(S(r[0]), S(r[1]), I(r[2]), I(r[3]), T(r[4]), T(r[5]), T(r[6])))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApproverQueueRow>> QueuesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = $"""
            WITH {Instances(query, p)},
            q AS (
                SELECT i.id, {EnteredAt} AS since
                FROM inst i WHERE i.is_completed = {D.False})
            SELECT CASE a.kind WHEN 'u' THEN 'user' ELSE 'role' END, a.name, COUNT(*), MIN(q.since)
            FROM q JOIN {D.Table("mwf_awaiting")} a ON a.instance_id = q.id
            GROUP BY a.kind, a.name
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ApproverQueueRow(S(r[0]), S(r[1]), I(r[2]), new DateTimeOffset(L(r[3]), TimeSpan.Zero)))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlaRow>> SlaAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var now = p.Add(query.Now);
        var sql = $"""
            WITH {Instances(query, p)},
            {Stays(withBreaches: true)},
            x AS (
                SELECT process_id AS g1, state AS g2, instance_id, 1 - breached AS met, breached, 0 AS escalated, 0 AS overdue
                FROM stay WHERE 1 = 1{Window("left_at", query, p)}
                UNION ALL
                SELECT h.process_id, h.from_state, h.instance_id, 0, 0, 1, 0
                FROM {D.Table("mwf_history")} h CROSS JOIN inst i
                WHERE h.instance_id = i.id AND h.kind = 'Deadline' AND h.decision = '{AnalyticsModel.DeadlinePassed}' AND h.trigger IS NOT NULL{Window("h.at", query, p)}
                UNION ALL
                SELECT process_id, state, NULL, 0, 0, 0, 1
                FROM inst WHERE is_completed = {D.False} AND due_at IS NOT NULL AND due_at < {now})
            SELECT g1, g2, COUNT(DISTINCT instance_id), SUM(met), SUM(breached), SUM(escalated), SUM(overdue) FROM x GROUP BY g1, g2
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new SlaRow(S(r[0]), S(r[1]), I(r[2]), I(r[3]), I(r[4]), I(r[5]), I(r[6])))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReworkRow>> ReworkAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        // Only the changes of state that count for rework are kept, then grouped per instance.
        var start = $"({StatesCondition(query.Model.StageStates)} AND NOT {StatesCondition(query.Model.StageStates, "h.from_state")})";
        var sendBack = $"(h.kind = 'Decision' AND {StatesCondition(query.Model.SendBackStates)})";
        var approved = StatesCondition(query.Model.ApprovedStates);
        var sql = $"""
            WITH {Instances(query, p, createdInWindow: true)},
            {Changes()},
            f AS MATERIALIZED (
                SELECT h.instance_id, CASE WHEN {start} THEN 1 ELSE 0 END AS s, CASE WHEN {sendBack} THEN 1 ELSE 0 END AS b,
                    CASE WHEN {sendBack} THEN h.at END AS back_at, CASE WHEN {approved} THEN h.at END AS approved_at
                FROM chg h WHERE {start} OR {sendBack} OR {approved}),
            per AS (SELECT instance_id, SUM(s) AS starts, SUM(b) AS sendbacks, MIN(back_at) AS first_back, MIN(approved_at) AS first_approved FROM f GROUP BY instance_id),
            r AS (
                SELECT i.process_id, CASE WHEN per.starts > 1 THEN per.starts ELSE 1 END AS d, COALESCE(per.sendbacks, 0) AS sendbacks, per.first_back, per.first_approved
                FROM inst i LEFT JOIN per ON per.instance_id = i.id)
            SELECT process_id, COUNT(*), {P50}, {P90}, MAX(d), SUM(sendbacks), SUM(CASE WHEN sendbacks > 0 THEN 1 ELSE 0 END),
                SUM(CASE WHEN first_approved IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN first_approved IS NOT NULL AND (first_back IS NULL OR first_back > first_approved) THEN 1 ELSE 0 END)
            FROM r GROUP BY process_id
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ReworkRow(S(r[0]), I(r[1]), I(r[2]), I(r[3]), I(r[4]), I(r[5]), I(r[6]), I(r[7]), I(r[8])))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ThroughputRow>> ThroughputAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var week = AnalyticsModel.WeekTicks.ToString(CultureInfo.InvariantCulture);
        var sql = $"""
            WITH {Instances(query, p)},
            ev AS (
                SELECT process_id, created_at AS t, 1 AS started, 0 AS completed FROM inst
                UNION ALL
                SELECT i.process_id, {EnteredAt}, 0, 1
                FROM inst i WHERE i.is_completed = {D.True})
            SELECT process_id, t / {week} * {week} AS week, SUM(started), SUM(completed)
            FROM ev WHERE t IS NOT NULL{Window("t", query, p)}
            GROUP BY process_id, t / {week} * {week}
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ThroughputRow(S(r[0]), DateOnly.FromDateTime(new DateTime(L(r[1]), DateTimeKind.Utc)), I(r[2]), I(r[3])))];
    }

    /// <summary>
    /// Each process reads the fields its definition declares: every measure is a <c>CASE</c> on the
    /// process id, one branch per process that declares measures. The names are checked to be
    /// plain field names before they become JSON paths in the text (the definition validator
    /// refuses any other), and the process ids and triggers are quoted as literals.
    /// </summary>
    public async Task<IReadOnlyList<BudgetRow>> BudgetAsync(AnalyticsQuery query, BudgetGrouping groupBy, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var measured = query.Model.Measured
            .Where(m => query.Filter.ProcessId is null || query.Filter.ProcessId == m.Key)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (Process: m.Key, Measures: m.Value.Measures!))
            .ToList();
        // A measure no process declares is a typed NULL, so that PostgreSQL can still add it up.
        string Each(Func<MeasuresDefinition, string?> measure, string process = "i.process_id", string none = "CAST(NULL AS INTEGER)")
        {
            var branches = measured
                .Select(m => (m.Process, Sql: measure(m.Measures)))
                .Where(m => m.Sql is not null)
                .Select(m => $" WHEN {Literal(m.Process)} THEN {m.Sql}")
                .ToList();
            return branches.Count == 0 ? none : $"(CASE {process}{string.Concat(branches)} END)";
        }

        string? Cents(string? field, bool money) => field is null ? null : money ? D.JsonCents("i.data", Field(field), "amount") : D.JsonCents("i.data", Field(field));
        var approved = StatesCondition(query.Model.ApprovedStates);
        var submitters = measured.Where(m => m.Measures.SubmittedBy is not null).ToList();
        var submit = submitters.Count == 0
            ? "1 = 0"
            : "(" + string.Join(" OR ", submitters.Select(m => $"(h.process_id = {Literal(m.Process)} AND h.trigger = {Literal(m.Measures.SubmittedBy!)})")) + ")";
        var alwaysSubmitted = measured.Where(m => m.Measures.SubmittedBy is null).Select(m => Literal(m.Process)).ToList();
        var submitted = alwaysSubmitted.Count == 0 ? "COALESCE(f.submitted, 0)" : $"CASE WHEN i.process_id IN ({string.Join(", ", alwaysSubmitted)}) THEN 1 ELSE COALESCE(f.submitted, 0) END";
        var planned = Each(m => Cents(m.Budget, money: true));

        string join = string.Empty, listData = string.Empty, group;
        if (groupBy.Dimension is not { } dimension)
        {
            var date = Each(m => m.Date is null ? null : D.JsonText("c.data", Field(m.Date)), "c.process_id", none: string.Empty);
            group = date.Length == 0 ? "'(none)'" : $"COALESCE(substr({date}, 1, 4) || '-Q' || ((CAST(substr({date}, 6, 2) AS INTEGER) + 2) / 3), '(none)')";
        }
        else
        {
            dimension = Field(dimension);
            var lists = measured.Where(m => query.Model.Dimension(m.Process, dimension) is { Declared: true, IsList: true }).Select(m => Literal(m.Process)).ToList();
            var scalars = measured.Where(m => query.Model.Dimension(m.Process, dimension) is { Declared: true, IsList: false }).Select(m => Literal(m.Process)).ToList();
            var parts = new List<string>();
            if (lists.Count > 0)
            {
                // Only the processes that declare the dimension as a list keep their data here, so
                // that a like-named list of another process does not multiply its rows.
                listData = $", CASE WHEN i.process_id IN ({string.Join(", ", lists)}) THEN i.data END AS list_data";
                join = D.ListElements("c.list_data", dimension, "e");
                parts.Add("e.value");
            }

            if (scalars.Count > 0)
            {
                parts.Add($"CASE WHEN c.process_id IN ({string.Join(", ", scalars)}) THEN {D.JsonText("c.data", dimension)} END");
            }

            parts.Add("'(none)'");
            group = $"COALESCE({string.Join(", ", parts)})";
        }

        var completed = "c.spend IS NOT NULL";
        var sql = $"""
            WITH {Instances(query, p, createdInWindow: true, withData: true, processes: measured.Select(m => m.Process).ToList())},
            {Changes()},
            fl AS MATERIALIZED (
                SELECT h.instance_id, CASE WHEN {submit} THEN 1 ELSE 0 END AS submitted, CASE WHEN {approved} THEN 1 ELSE 0 END AS approved
                FROM chg h WHERE {submit} OR {approved}),
            flags AS (SELECT instance_id AS id, MAX(submitted) AS submitted, MAX(approved) AS approved FROM fl GROUP BY instance_id),
            c AS (
                SELECT i.process_id, i.data{listData},
                    COALESCE({Each(m => D.JsonText("i.data", Field(m.Budget), "currency"), none: "''")}, '') AS currency,
                    {planned} AS planned,
                    {submitted} AS submitted, COALESCE(f.approved, 0) AS approved,
                    {Each(m => Cents(m.Spend, money: true))} AS spend,
                    {Each(m => Cents(m.ExpectedLeads, money: false))} AS expected_leads,
                    {Each(m => Cents(m.Leads, money: false))} AS actual_leads,
                    {Each(m => Cents(m.ExpectedRevenue, money: true))} AS expected_revenue,
                    {Each(m => Cents(m.Revenue, money: true))} AS actual_revenue
                FROM inst i LEFT JOIN flags f ON f.id = i.id WHERE {planned} IS NOT NULL)
            SELECT c.process_id, {group} AS g, c.currency, COUNT(*),
                SUM(c.submitted), SUM(CASE WHEN c.submitted = 1 THEN c.planned ELSE 0 END),
                SUM(c.approved), SUM(CASE WHEN c.approved = 1 THEN c.planned ELSE 0 END),
                SUM(CASE WHEN {completed} THEN 1 ELSE 0 END), SUM(COALESCE(c.spend, 0)),
                SUM(CASE WHEN {completed} THEN COALESCE(c.expected_leads, 0) ELSE 0 END), SUM(CASE WHEN {completed} THEN COALESCE(c.actual_leads, 0) ELSE 0 END),
                SUM(CASE WHEN {completed} THEN COALESCE(c.expected_revenue, 0) ELSE 0 END), SUM(CASE WHEN {completed} THEN COALESCE(c.actual_revenue, 0) ELSE 0 END)
            FROM c {join}
            GROUP BY c.process_id{(group.StartsWith('\'') ? string.Empty : ", " + group)}, c.currency
            """;
        var rows = await store.ReadRowsAsync(sql, p.List, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new BudgetRow(S(r[0]), S(r[1]), S(r[2]), I(r[3]), I(r[4]), M(r[5]), I(r[6]), M(r[7]), I(r[8]), M(r[9]), M(r[10]), M(r[11]), M(r[12]), M(r[13])))];
    }

    private string P50 => D.Percentile("d", 50);

    private string P90 => D.Percentile("d", 90);

    /// <summary>The instances the filter keeps, as the CTE <c>inst</c>; with their <c>data</c> only when asked, since it is large.</summary>
    private string Instances(AnalyticsQuery query, SqlParameters p, bool createdInWindow = false, bool withData = false, bool materialize = false, IReadOnlyList<string>? processes = null)
    {
        var filter = query.Filter;
        var where = new StringBuilder();
        if (filter.ProcessId is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.process_id = {p.Add(filter.ProcessId)}");
        }
        else if (processes is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.process_id IN ({string.Join(", ", processes.Select(id => p.Add(id)))})");
        }

        if (filter.DefinitionVersion is { } version)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND CAST({D.JsonText(D.Body, "definitionVersion")} AS INTEGER) = {p.Add(version)}");
        }

        foreach (var (field, value) in filter.Data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            where.Append(" AND ").Append(D.DataHas(field, p.Add(value)));
        }

        if (createdInWindow)
        {
            where.Append(Window("i.created_at", query, p));
        }

        // Materialized when it reads the JSON, so that a query reading the history first does not
        // evaluate the JSON once per entry.
        var data = withData ? $", {D.Data} AS data" : string.Empty;
        var json = filter.DefinitionVersion is not null || filter.Data.Count > 0;
        var join = filter.DefinitionVersion is not null ? D.BodyJoin : string.Empty;
        return $"inst AS {(withData || json || materialize ? D.MaterializeData : string.Empty)}(SELECT i.id, i.process_id, i.state, i.is_completed, i.created_at, i.due_at, i.state_entered_at{data} FROM {D.Table("mwf_instances")} i{join} WHERE 1 = 1{where})";
    }

    /// <summary>
    /// Every history entry of the kept instances, as the CTE <c>hist</c>, with <c>since</c>: when
    /// the state the entry was recorded in (its from-state) was entered, which the store writes
    /// with each entry.
    /// </summary>
    private string History() => $"""
        hist AS (
            SELECT h.instance_id, i.process_id, h.kind, h.trigger, h.decision, h.actor, h.from_state, h.to_state, h.at, h.since
            FROM inst i JOIN {D.Table("mwf_history")} h ON h.instance_id = i.id)
        """;

    /// <summary>
    /// Each ended stay in a state, as the CTE <c>stay</c>: the entry that left the state says
    /// when it was entered (<c>since</c>) and left (<c>left_at</c>); with breaches asked for,
    /// <c>breached</c> is 1 when a deadline passed during it (an entry of the same stay marked so);
    /// with returns asked for, <c>back</c> is the instance when it is open in that state again now.
    /// The history is read first (CROSS JOIN keeps SQLite to that order), from SQLite's index of
    /// changes of state, which the entries' process and from-state lead.
    /// </summary>
    private string Stays(bool withBreaches = false, bool withReturns = false)
    {
        var history = D.Table("mwf_history");
        var breached = withBreaches
            ? $"""
                ,
                    CASE WHEN EXISTS (SELECT 1 FROM {history} b WHERE b.instance_id = h.instance_id AND b.since = h.since
                        AND b.kind = 'Deadline' AND b.decision = '{AnalyticsModel.DeadlinePassed}') THEN 1 ELSE 0 END AS breached
                """
            : string.Empty;
        var returns = withReturns ? $", CASE WHEN i.is_completed = {D.False} AND i.state = h.from_state THEN h.instance_id END AS back" : string.Empty;
        return $"""
            stay AS (
                SELECT h.instance_id, h.process_id, h.from_state AS state, h.since, h.at AS left_at{breached}{returns}
                FROM {history} h CROSS JOIN inst i
                WHERE h.instance_id = i.id AND h.from_state <> h.to_state AND h.since IS NOT NULL)
            """;
    }

    /// <summary>
    /// Every change of state of the kept instances, as the CTE <c>chg</c>. The history is read
    /// first (CROSS JOIN keeps SQLite to that order), so SQLite scans its narrow index of changes
    /// of state instead of the whole history, and only checks that each entry's instance is kept.
    /// </summary>
    private string Changes() => $"""
        chg AS (
            SELECT h.instance_id, h.process_id, h.kind, h.trigger, h.from_state, h.to_state, h.at
            FROM {D.Table("mwf_history")} h CROSS JOIN inst i
            WHERE h.instance_id = i.id AND h.from_state <> h.to_state)
        """;

    private static string Window(string column, AnalyticsQuery query, SqlParameters p)
    {
        var text = string.Empty;
        if (query.FromTicks is { } from)
        {
            text += $" AND {column} >= {p.Add(from)}";
        }

        if (query.ToTicks is { } to)
        {
            text += $" AND {column} < {p.Add(to)}";
        }

        return text;
    }

    private static string RoleCase(AnalyticsModel model)
    {
        var text = new StringBuilder("CASE");
        foreach (var (process, stages) in model.StageRoles.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var (stage, label) in stages.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $" WHEN process_id = {Literal(process)} AND from_state = {Literal(stage)} THEN {Literal(label)}");
            }
        }

        return text.Append(" ELSE from_state END").ToString();
    }

    /// <summary>Gets a condition: the entry's to-state (or <paramref name="column"/>) is one of its process's states in <paramref name="states"/>.</summary>
    private static string StatesCondition(IReadOnlyDictionary<string, IReadOnlySet<string>> states, string column = "h.to_state", string process = "h.process_id")
    {
        var parts = states
            .Where(s => s.Value.Count > 0)
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"({process} = {Literal(s.Key)} AND {column} IN ({string.Join(", ", s.Value.Order(StringComparer.Ordinal).Select(Literal))}))")
            .ToList();
        return parts.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", parts) + ")";
    }

    /// <summary>
    /// Returns a field name a definition declares, to be written into a JSON path, after checking
    /// that it is a plain name: letters, digits and underscores, starting with a letter. The
    /// validator refuses any other in a definition; this keeps the SQL safe whatever the caller.
    /// </summary>
    private static string Field(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new InvalidOperationException($"'{name}' is not a plain field name (letters, digits and '_', starting with a letter), so the analytics will not write it into SQL. Declare measures with plain field names.");
        }

        return name;
    }

    /// <summary>Quotes a name taken from a definition as a SQL string literal.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string S(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static long L(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static int I(object? value) => checked((int)L(value));

    private static TimeSpan T(object? value) => TimeSpan.FromTicks(L(value));

    private static decimal M(object? value) => value is null ? 0m : Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 100m;

}
