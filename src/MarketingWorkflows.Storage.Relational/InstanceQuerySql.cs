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
/// parameter, never SQL text, so no query can change what the SQL does.
/// </summary>
public static class InstanceQuerySql
{
    /// <summary>Translates a query, after checking it with <see cref="InstanceQuery.ThrowIfInvalid"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="dialect">The store's dialect.</param>
    /// <returns>The count and page queries.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The page is out of range.</exception>
    /// <exception cref="InvalidInstanceQueryException">The data field or value has text no store can compare.</exception>
    public static InstanceQueryStatements Translate(InstanceQuery query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(dialect);
        query.ThrowIfInvalid();
        return query is { WaitingOnUser: not null, ProcessId: null, State: null, OverdueAt: null, LinkedTo: null, DataField: null }
            ? WaitingOn(query, dialect)
            : Filtered(query, dialect);
    }

    private static InstanceQueryStatements Filtered(InstanceQuery query, SqlDialect dialect)
    {
        var p = new SqlParameters();

        var where = new StringBuilder("1 = 1");
        if (query.ProcessId is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND process_id = {p.Add(query.ProcessId)}");
        }

        if (query.State is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND state = {p.Add(query.State)}");
        }

        if (!query.IncludeCompleted)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND is_completed = {dialect.False}");
        }

        if (query.OverdueAt is { } overdue)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND due_at < {p.Add(overdue.UtcTicks)}");
        }

        if (query.LinkedTo is { } linked)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND id IN (SELECT instance_id FROM {dialect.Table("mwf_links")} WHERE target_id = {p.Add(dialect.Id(linked))})");
        }

        if (query.WaitingOnUser is { } user)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND id IN (SELECT instance_id FROM {dialect.Table("mwf_awaiting")} WHERE (kind = 'u' AND name = {p.Add(user)})");
            foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
            {
                where.Append(CultureInfo.InvariantCulture, $" OR (kind = 'r' AND name = {p.Add(role)})");
            }

            where.Append(')');
        }

        if (query.DataField is { } field)
        {
            where.Append(" AND ").Append(dialect.DataFieldEquals(p.Add(dialect.DataFieldArgument(field)), p.Add((object?)query.DataValue ?? DBNull.Value)));
        }

        var instances = dialect.Table("mwf_instances");
        var count = new SqlStatement($"SELECT COUNT(*) FROM {instances} WHERE {where}", [.. p.List]);
        var page = $"SELECT body FROM {instances} WHERE {where} ORDER BY created_at DESC, id DESC {dialect.Page(p.Add(query.Take), p.Add(query.Skip))}";
        return new InstanceQueryStatements(count, new SqlStatement(page, p.List));
    }

    /// <summary>
    /// "Waiting on me": the instances waiting on a user or on one of their roles, newest first.
    /// Each user or role is a range of the awaiting index in creation order, so a page reads only
    /// as many index entries per range as it shows, and the total counts index entries alone.
    /// </summary>
    private static InstanceQueryStatements WaitingOn(InstanceQuery query, SqlDialect dialect)
    {
        var p = new SqlParameters();

        var awaiting = dialect.Table("mwf_awaiting");
        var open = query.IncludeCompleted ? string.Empty : $" AND is_completed = {dialect.False}";
        var ranges = new List<string> { $"SELECT instance_id, created_at FROM {awaiting} WHERE kind = 'u' AND name = {p.Add(query.WaitingOnUser!)}{open}" };
        foreach (var role in query.WaitingOnRoles.Distinct(StringComparer.Ordinal))
        {
            ranges.Add($"SELECT instance_id, created_at FROM {awaiting} WHERE kind = 'r' AND name = {p.Add(role)}{open}");
        }

        var count = new SqlStatement($"SELECT COUNT(*) FROM ({string.Join(" UNION ", ranges)}) a", [.. p.List]);
        var first = p.Add(query.Skip + query.Take);
        var firsts = ranges.Select((r, i) => $"SELECT instance_id, created_at FROM ({r} ORDER BY created_at DESC, instance_id DESC {dialect.Page(first, p.Add(0))}) r{i.ToString(CultureInfo.InvariantCulture)}");
        var page = $"""
            SELECT i.body FROM (SELECT instance_id, created_at FROM ({string.Join(" UNION ", firsts)}) u ORDER BY created_at DESC, instance_id DESC {dialect.Page(p.Add(query.Take), p.Add(query.Skip))}) a
            JOIN {dialect.Table("mwf_instances")} i ON i.id = a.instance_id
            ORDER BY a.created_at DESC, a.instance_id DESC
            """;
        return new InstanceQueryStatements(count, new SqlStatement(page, p.List));
    }
}
