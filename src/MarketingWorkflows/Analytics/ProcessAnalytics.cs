using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// The analytics over the registered store: in its database when the store registers an
/// <see cref="IAnalyticsSource"/>, in memory over <see cref="IInstanceStore"/> otherwise.
/// </summary>
internal sealed partial class ProcessAnalytics : IProcessAnalytics
{
    private readonly IAnalyticsSource _source;
    private readonly IProcessDefinitionRegistry _registry;
    private readonly TimeProvider _time;

    public ProcessAnalytics(IInstanceStore store, IProcessDefinitionRegistry registry, TimeProvider? timeProvider = null, IAnalyticsSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        _source = source ?? new MemoryAnalyticsSource(store);
        _registry = registry;
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<IReadOnlyList<CycleTimeRow>> GetCycleTimesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _source.CycleTimesAsync(Query(filter), cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.ProcessId, StringComparer.Ordinal).ThenBy(r => r.Outcome, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<StateTimeRow>> GetTimeInStateAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _source.StateTimesAsync(Query(filter), cancellationToken).ConfigureAwait(false);
        return [.. rows
            .OrderByDescending(r => r.TotalWaitHours)
            .ThenBy(r => r.ProcessId, StringComparer.Ordinal)
            .ThenBy(r => r.State, StringComparer.Ordinal)
            .Select((r, i) => r with { BottleneckRank = i + 1 })];
    }

    public async Task<IReadOnlyList<TurnaroundRow>> GetApprovalTurnaroundAsync(AnalyticsFilter filter, TurnaroundGrouping groupBy, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(groupBy))
        {
            throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Group turnaround by Stage, Role or Approver.");
        }

        var rows = await _source.TurnaroundAsync(Query(filter), groupBy, cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.ProcessId, StringComparer.Ordinal).ThenByDescending(r => r.P90).ThenBy(r => r.Group, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ApproverQueueRow>> GetApproverQueuesAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _source.QueuesAsync(Query(filter), cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderByDescending(r => r.Instances).ThenBy(r => r.OldestWaitingSince).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<SlaRow>> GetSlaAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var query = Query(filter);
        var rows = await _source.SlaAsync(query, cancellationToken).ConfigureAwait(false);
        var byState = rows.Where(r => query.Model.HasDeadline(r.ProcessId, r.State)).ToDictionary(r => (r.ProcessId, r.State));

        // Every state with a deadline gets a row, so "no breach" reads as zero, not as missing.
        foreach (var (process, states) in query.Model.DeadlineStates)
        {
            if (filter.ProcessId is not null && filter.ProcessId != process)
            {
                continue;
            }

            foreach (var state in states)
            {
                byState.TryAdd((process, state), new SlaRow(process, state, 0, 0, 0, 0, 0));
            }
        }

        return [.. byState.Values.OrderBy(r => r.ProcessId, StringComparer.Ordinal).ThenBy(r => r.State, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ReworkRow>> GetReworkAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _source.ReworkAsync(Query(filter), cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.ProcessId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ThroughputRow>> GetThroughputAsync(AnalyticsFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await _source.ThroughputAsync(Query(filter), cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.WeekStart).ThenBy(r => r.ProcessId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<BudgetRow>> GetBudgetAsync(AnalyticsFilter filter, BudgetGrouping groupBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        var query = Query(filter);
        var measured = query.Model.Measured.Keys.Where(p => filter.ProcessId is null || filter.ProcessId == p).ToList();
        if (groupBy.Dimension is { } dimension && !measured.Any(p => query.Model.Dimension(p, dimension).Declared))
        {
            var declared = measured.SelectMany(p => query.Model.Measured[p].Measures!.Dimensions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var scope = filter.ProcessId is null ? "No process declares" : $"The process '{filter.ProcessId}' does not declare";
            throw new ArgumentException(
                $"{scope} the dimension '{dimension}' under measures.dimensions; group by {(declared.Count == 0 ? string.Empty : string.Join(", ", declared) + " or ")}quarter.",
                nameof(groupBy));
        }

        if (measured.Count == 0)
        {
            return [];
        }

        var rows = await _source.BudgetAsync(query, groupBy, cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.ProcessId, StringComparer.Ordinal).ThenBy(r => r.Group, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal)];
    }

    /// <summary>Checks the filter: a bad one is refused with the field that is wrong, before any query runs.</summary>
    private AnalyticsQuery Query(AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } from && filter.To is { } to && to <= from)
        {
            throw new ArgumentException($"The window is empty: To ({to:O}) must be after From ({from:O}).", nameof(filter));
        }

        if (filter.DefinitionVersion is < 1)
        {
            throw new ArgumentException($"DefinitionVersion must be 1 or more; it is {filter.DefinitionVersion}.", nameof(filter));
        }

        foreach (var (field, value) in filter.Data ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrEmpty(field) || !FieldName().IsMatch(field))
            {
                throw new ArgumentException($"Data filter field '{field}' is not a field name: use letters, digits and underscores, starting with a letter.", nameof(filter));
            }

            if (value is null)
            {
                throw new ArgumentException($"Data filter field '{field}' has no value.", nameof(filter));
            }
        }

        return new AnalyticsQuery(filter with { Data = filter.Data ?? new Dictionary<string, string>() }, AnalyticsModel.From(_registry), _time.GetUtcNow().UtcTicks);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();
}
