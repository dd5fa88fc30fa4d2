using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// Turns an <see cref="InstanceQuery"/> into SQL over the relational schema's tables
/// (<c>mwf_instances</c>, <c>mwf_awaiting</c>, <c>mwf_links</c>): once, for every SQL store.
/// Every value the caller gave — ids, names, times, the data field's name and its value — is a
/// parameter, never SQL text, so no query can change what the SQL does; the one exception is the
/// name of a data field the store indexes, which the store's options have checked and which must
/// appear in the text for the database to match the query with the index.
/// </summary>
public static class InstanceQuerySql
{
    /// <summary>Translates a query, after checking it with <see cref="InstanceQuery.ThrowIfInvalid"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The store's dialect.</param>
    /// <param name="indexedDataFields">
    /// The data fields the store indexes (<see cref="DataFieldIndexes"/>), checked by
    /// <see cref="DataFieldIndexes.Validate"/>: a query on one of them compares the indexed
    /// expression, so that it reads that index; none when <see langword="null"/>.
    /// </param>
    /// <returns>The count and page queries.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range.</exception>
    /// <exception cref="InvalidInstanceQueryException">The data field or value has text no store can compare.</exception>
    public static InstanceQueryStatements Translate(InstanceQuery query, SqlDialect dialect, IReadOnlySet<string>? indexedDataFields = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        query.ThrowIfInvalid();
        return query is { WaitingOnUser: not null, ProcessId: null, State: null, OverdueAt: null, LinkedTo: null, DataField: null }
            ? WaitingOn(query, dialect)
            : Filtered(query, dialect, indexedDataFields);
    }

    /// <summary>
    /// Every other query: the instances table <c>i</c> read in creation order along the index
    /// whose leading columns the conditions fix (see docs/storage.md), filtered, stopping after the
    /// page. An instance linked to another is read from the links of that target instead, which
    /// are kept in creation order too.
    /// </summary>
    private static InstanceQueryStatements Filtered(InstanceQuery query, SqlDialect dialect, IReadOnlySet<string>? indexedDataFields)
    {
        var p = new SqlParameters();

        var instances = dialect.Table("mwf_instances");
        var links = dialect.Table("mwf_links");
        var from = new StringBuilder($"{instances} i");
        var where = new StringBuilder("1 = 1");
        var order = "i.created_at DESC, i.id DESC";
        if (query.LinkedTo is { } linked)
        {
            // One row per linking instance, however many relations it has to the target: the
            // first relation stands for it, found by the primary key rather than by a DISTINCT
            // that would sort the rows again.
            from = new StringBuilder($"{links} l JOIN {instances} i ON i.id = l.instance_id");
            where.Append(CultureInfo.InvariantCulture, $" AND l.target_id = {p.Add(dialect.Id(linked))}");
            where.Append(CultureInfo.InvariantCulture, $" AND NOT EXISTS (SELECT 1 FROM {links} d WHERE d.target_id = l.target_id AND d.instance_id = l.instance_id AND d.relation < l.relation)");
            order = "l.created_at DESC, l.instance_id DESC";
        }

        if (query.ProcessId is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.process_id = {p.Add(query.ProcessId)}");
        }

        if (query.State is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.state = {p.Add(query.State)}");
        }

        if (!query.IncludeCompleted)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.is_completed = {dialect.False}");
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.due_at < {p.Add(overdue.UtcTicks)}");
        }

        if (query.WaitingOnUser is { } user)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND i.id IN (SELECT instance_id FROM {dialect.Table("mwf_awaiting")} WHERE (kind = 'u' AND name = {p.Add(user)})");
            foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
            {
                where.Append(CultureInfo.InvariantCulture, $" OR (kind = 'r' AND name = {p.Add(role)})");
            }

            where.Append(')');
        }

        var indexedField = query.DataField is { } named && indexedDataFields?.Contains(named) == true;
        if (query.DataField is { } field)
        {
            var value = p.Add((object?)query.DataValue ?? DBNull.Value);
            where.Append(" AND ").Append(indexedField
                ? $"{dialect.IndexedDataField(field)} = {value}"
                : dialect.DataFieldEquals(p.Add(dialect.DataFieldArgument(field)), value));
        }

        var conditions = p.List.Count;
        // Counted along the page's index (in its order), so that a count costs what reading
        // that many entries for pages would, never a scan of the table. Two exceptions, where the
        // order would cost more than it saves: a data field the store does not index, whose rows
        // are read in any order the database likes until enough match; and open overdue instances are
        // counted along the index of due times, which holds exactly the open instances with a
        // deadline in due order, so the count reads the overdue entries alone (in creation order
        // it would read every open instance with a deadline to find them). A data field the store
        // indexes is counted in order too: its index holds the value's entries in creation order.
        var countInAnyOrder = (query.DataField is not null && !indexedField) || (query.OverdueAt is not null && !query.IncludeCompleted);
        var countOrder = countInAnyOrder ? string.Empty : $" ORDER BY {order}";
        var count = new SqlStatement($"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {from} WHERE {where}{countOrder} {dialect.Page(p.Add(InstancePage.CountUpTo(query)), p.Add(0))}) c", [.. p.List]);
        p.List.RemoveRange(conditions, p.List.Count - conditions);
        var page = $"SELECT i.body FROM {from} WHERE {where} ORDER BY {order} {dialect.Page(p.Add(query.Take), p.Add(query.Skip))}";
        return new InstanceQueryStatements(count, new SqlStatement(page, p.List));
    }

    /// <summary>
    /// "Waiting on me": the instances waiting on a user or on one of their roles, newest first.
    /// Each user or role is a range of the awaiting index in creation order; an instance in more
    /// than one range is kept in the first only (a primary-key lookup per earlier range), so the
    /// ranges are disjoint and the database merges them in order and stops after the page,
    /// without sorting (see <see cref="SqlDialect.MergesUnionInIndexOrder"/>). The count reads the
    /// same ranges' index entries alone, up to <see cref="InstancePage.CountUpTo"/>.
    /// </summary>
    private static InstanceQueryStatements WaitingOn(InstanceQuery query, SqlDialect dialect)
    {
        var p = new SqlParameters();

        var awaiting = dialect.Table("mwf_awaiting");
        var open = query.IncludeCompleted ? string.Empty : $" AND a.is_completed = {dialect.False}";
        var keys = new List<(string Kind, string Name)> { ("u", p.Add(query.WaitingOnUser!)) };
        foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
        {
            keys.Add(("r", p.Add(role)));
        }

        var ranges = keys.Select((key, k) =>
            $"a.kind = '{key.Kind}' AND a.name = {key.Name}{open}"
            + string.Concat(keys.Take(k).Select(earlier => $" AND NOT EXISTS (SELECT 1 FROM {awaiting} x WHERE x.kind = '{earlier.Kind}' AND x.name = {earlier.Name} AND x.instance_id = a.instance_id)"))).ToList();

        var conditions = p.List.Count;
        var upTo = p.Add(InstancePage.CountUpTo(query));
        var entries = Merged(dialect, ranges.Select(r => ("a.created_at AS created_at, a.instance_id AS instance_id", $"{awaiting} a", r)), "created_at, instance_id", upTo, p);
        var count = new SqlStatement($"SELECT COUNT(*) FROM ({entries} {dialect.Page(upTo, p.Add(0))}) c", [.. p.List]);
        p.List.RemoveRange(conditions, p.List.Count - conditions);

        var instances = dialect.Table("mwf_instances");
        var first = p.Add((long)query.Skip + query.Take);
        var page = Merged(dialect, ranges.Select(r => ("i.body AS body, a.created_at AS created_at, a.instance_id AS instance_id", $"{awaiting} a JOIN {instances} i ON i.id = a.instance_id", r)), "body, created_at, instance_id", first, p)
            + $" {dialect.Page(p.Add(query.Take), p.Add(query.Skip))}";
        return new InstanceQueryStatements(count, new SqlStatement(page, p.List));
    }

    /// <summary>
    /// Disjoint ranges, each in the order of the awaiting index, merged newest first: a UNION ALL
    /// under one ORDER BY where the database merges it in index order, else each range ordered and
    /// cut to <paramref name="perRange"/> rows on its own, which the database merges (Merge Append).
    /// </summary>
    private static string Merged(SqlDialect dialect, IEnumerable<(string Columns, string From, string Where)> ranges, string columns, string perRange, SqlParameters p)
    {
        var branches = dialect.MergesUnionInIndexOrder
            ? ranges.Select(r => $"SELECT {r.Columns} FROM {r.From} WHERE {r.Where}")
            : ranges.Select((r, k) => $"SELECT {columns} FROM (SELECT {r.Columns} FROM {r.From} WHERE {r.Where} ORDER BY a.created_at DESC, a.instance_id DESC {dialect.Page(perRange, p.Add(0))}) r{k.ToString(CultureInfo.InvariantCulture)}");
        return string.Join(" UNION ALL ", branches) + " ORDER BY created_at DESC, instance_id DESC";
    }
}
