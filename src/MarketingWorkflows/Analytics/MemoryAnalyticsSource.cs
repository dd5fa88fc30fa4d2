using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// Computes the figures in memory from instances and their history, read through the store
/// contract: the in-memory store's way, and any store that does not compute them itself. The
/// definitions match the SQL ones exactly (docs/analytics.md). A store that holds its instances in
/// memory gives them all at once (<paramref name="snapshot"/>); any other is paged through.
/// </summary>
internal sealed class MemoryAnalyticsSource(IInstanceStore store, Func<IReadOnlyList<ProcessInstance>>? snapshot = null) : IAnalyticsSource
{
    private const int Page = 500;

    public async Task<IReadOnlyList<CycleTimeRow>> CycleTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. facts
            .Where(f => f.Instance.IsCompleted && f.EndedAt is { } ended && query.InWindow(ended))
            .GroupBy(f => (f.Instance.ProcessId, f.Instance.State))
            .Select(g =>
            {
                var stats = Percentiles.Of(g.Select(f => f.EndedAt!.Value - f.Instance.CreatedAt.UtcTicks));
                return new CycleTimeRow(g.Key.ProcessId, g.Key.State, stats.Count, TimeSpan.FromTicks(stats.P50), TimeSpan.FromTicks(stats.P90), TimeSpan.FromTicks(stats.Max));
            })];
    }

    public async Task<IReadOnlyList<StateTimeRow>> StateTimesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        var ended = facts.SelectMany(f => f.Stays.Where(s => s.LeftAt is { } left && query.InWindow(left)).Select(s => (f.Instance.ProcessId, s.State, f.Instance.Id, Length: s.LeftAt!.Value - s.Since, Open: false)));
        var open = facts.Where(f => !f.Instance.IsCompleted).Select(f => (f.Instance.ProcessId, f.Instance.State, f.Instance.Id, Length: query.Now - f.CurrentSince, Open: true));
        return [.. ended.Concat(open)
            .GroupBy(x => (x.ProcessId, x.State))
            .Select(g =>
            {
                var stats = Percentiles.Of(g.Where(x => !x.Open).Select(x => x.Length));
                return new StateTimeRow(
                    g.Key.ProcessId, g.Key.State, stats.Count, g.Select(x => x.Id).Distinct().Count(),
                    TimeSpan.FromTicks(stats.P50), TimeSpan.FromTicks(stats.P90), g.Count(x => x.Open), g.Sum(x => x.Length / TimeSpan.TicksPerSecond) / 3600.0, 0);
            })];
    }

    public async Task<IReadOnlyList<TurnaroundRow>> TurnaroundAsync(AnalyticsQuery query, TurnaroundGrouping groupBy, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. facts
            .SelectMany(f => f.Entries
                .Where(e => e.Entry.Kind == HistoryKind.Decision && e.Since is not null && query.InWindow(e.Entry.At.UtcTicks))
                .Select(e => (f.Instance.ProcessId, Group: groupBy switch
                {
                    TurnaroundGrouping.Stage => e.Entry.FromState,
                    TurnaroundGrouping.Role => query.Model.RoleOf(f.Instance.ProcessId, e.Entry.FromState),
                    _ => e.Entry.Actor,
                }, f.Instance.Id, Length: e.Entry.At.UtcTicks - e.Since!.Value)))
            .GroupBy(x => (x.ProcessId, x.Group))
            .Select(g =>
            {
                var stats = Percentiles.Of(g.Select(x => x.Length));
                return new TurnaroundRow(g.Key.ProcessId, g.Key.Group, stats.Count, g.Select(x => x.Id).Distinct().Count(), TimeSpan.FromTicks(stats.P50), TimeSpan.FromTicks(stats.P90), TimeSpan.FromTicks(stats.Max));
            })];
    }

    public async Task<IReadOnlyList<ApproverQueueRow>> QueuesAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. facts
            .Where(f => !f.Instance.IsCompleted)
            .SelectMany(f => f.Instance.AwaitingUsers.Distinct().Select(u => (Kind: "user", Name: u, f.CurrentSince))
                .Concat(f.Instance.AwaitingRoles.Distinct().Select(r => (Kind: "role", Name: r, f.CurrentSince))))
            .GroupBy(x => (x.Kind, x.Name))
            .Select(g => new ApproverQueueRow(g.Key.Kind, g.Key.Name, g.Count(), new DateTimeOffset(g.Min(x => x.CurrentSince), TimeSpan.Zero)))];
    }

    public async Task<IReadOnlyList<SlaRow>> SlaAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        var judged = facts.SelectMany(f => f.Stays
            .Where(s => s.LeftAt is { } left && query.InWindow(left))
            .Select(s => (f.Instance.ProcessId, s.State, f.Instance.Id, Met: s.Breaches == 0 ? 1 : 0, Breached: s.Breaches > 0 ? 1 : 0, Escalated: 0, Overdue: 0)));
        var escalations = facts.SelectMany(f => f.Entries
            .Where(e => IsBreach(e.Entry) && e.Entry.Trigger is not null && query.InWindow(e.Entry.At.UtcTicks))
            .Select(e => (f.Instance.ProcessId, State: e.Entry.FromState, f.Instance.Id, Met: 0, Breached: 0, Escalated: 1, Overdue: 0)));
        var overdue = facts
            .Where(f => !f.Instance.IsCompleted && f.Instance.DueAt is { } due && due.UtcTicks < query.Now)
            .Select(f => (f.Instance.ProcessId, f.Instance.State, Id: Guid.Empty, Met: 0, Breached: 0, Escalated: 0, Overdue: 1));
        return [.. judged.Concat(escalations).Concat(overdue)
            .GroupBy(x => (x.ProcessId, x.State))
            .Select(g => new SlaRow(
                g.Key.ProcessId, g.Key.State, g.Where(x => x.Overdue == 0).Select(x => x.Id).Distinct().Count(),
                g.Sum(x => x.Met), g.Sum(x => x.Breached), g.Sum(x => x.Escalated), g.Sum(x => x.Overdue)))];
    }

    public async Task<IReadOnlyList<ReworkRow>> ReworkAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. facts
            .Where(f => query.InWindow(f.Instance.CreatedAt.UtcTicks))
            .Select(f =>
            {
                var sendBacks = f.Entries.Where(e => query.Model.IsSendBack(f.Instance.ProcessId, e.Entry)).Select(e => e.Entry.At.UtcTicks).ToList();
                var approved = f.Entries.Where(e => e.Moved && query.Model.IsApproved(f.Instance.ProcessId, e.Entry.ToState)).Select(e => (long?)e.Entry.At.UtcTicks).Min();
                var rounds = Math.Max(1, f.Entries.Count(e => query.Model.StartsRound(f.Instance.ProcessId, e.Entry)));
                return (f.Instance.ProcessId, Round: rounds, SendBacks: sendBacks.Count, FirstSendBack: sendBacks.Count == 0 ? (long?)null : sendBacks.Min(), Approved: approved);
            })
            .GroupBy(x => x.ProcessId)
            .Select(g =>
            {
                var rounds = Percentiles.Of(g.Select(x => (long)x.Round));
                return new ReworkRow(
                    g.Key, rounds.Count, (int)rounds.P50, (int)rounds.P90, (int)rounds.Max,
                    g.Sum(x => x.SendBacks), g.Count(x => x.SendBacks > 0), g.Count(x => x.Approved is not null),
                    g.Count(x => x.Approved is { } at && (x.FirstSendBack is not { } back || back > at)));
            })];
    }

    public async Task<IReadOnlyList<ThroughputRow>> ThroughputAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        var started = facts.Select(f => (f.Instance.ProcessId, At: f.Instance.CreatedAt.UtcTicks, Started: 1, Completed: 0));
        var completed = facts.Where(f => f.Instance.IsCompleted && f.EndedAt is not null).Select(f => (f.Instance.ProcessId, At: f.EndedAt!.Value, Started: 0, Completed: 1));
        return [.. started.Concat(completed)
            .Where(x => query.InWindow(x.At))
            .GroupBy(x => (x.ProcessId, Week: x.At / AnalyticsModel.WeekTicks * AnalyticsModel.WeekTicks))
            .Select(g => new ThroughputRow(g.Key.ProcessId, DateOnly.FromDateTime(new DateTime(g.Key.Week, DateTimeKind.Utc)), g.Sum(x => x.Started), g.Sum(x => x.Completed)))];
    }

    public async Task<IReadOnlyList<BudgetRow>> BudgetAsync(AnalyticsQuery query, BudgetGrouping groupBy, CancellationToken cancellationToken)
    {
        var facts = await LoadAsync(query, cancellationToken).ConfigureAwait(false);
        var measured = facts
            .Where(f => query.InWindow(f.Instance.CreatedAt.UtcTicks) && query.Model.Measured.ContainsKey(f.Instance.ProcessId))
            .Select(f => (Facts: f, Measures: query.Model.Measured[f.Instance.ProcessId].Measures!))
            .Where(x => Cents(x.Facts.Instance.Data, x.Measures.Budget, "amount") is not null)
            .Select(x =>
            {
                var (f, m) = x;
                var data = f.Instance.Data;
                var spend = Amount(data, m.Spend);
                return new
                {
                    f.Instance.ProcessId,
                    Groups = GroupsOf(query.Model, f.Instance.ProcessId, data, m, groupBy),
                    Currency = Text(data, m.Budget, "currency") ?? string.Empty,
                    Planned = Cents(data, m.Budget, "amount")!.Value,
                    Submitted = m.SubmittedBy is not { } submit || f.Entries.Any(e => e.Moved && e.Entry.Kind != HistoryKind.Started && e.Entry.Trigger == submit),
                    Approved = f.Entries.Any(e => e.Moved && e.Entry.Kind != HistoryKind.Started && query.Model.IsApproved(f.Instance.ProcessId, e.Entry.ToState)),
                    Spend = spend,
                    ExpectedLeads = spend is null ? 0 : Count(data, m.ExpectedLeads) ?? 0,
                    ActualLeads = spend is null ? 0 : Count(data, m.Leads) ?? 0,
                    ExpectedRevenue = spend is null ? 0 : Amount(data, m.ExpectedRevenue) ?? 0,
                    ActualRevenue = spend is null ? 0 : Amount(data, m.Revenue) ?? 0,
                };
            });
        return [.. measured
            .SelectMany(c => c.Groups.Select(g => (Group: g, Instance: c)))
            .GroupBy(x => (x.Instance.ProcessId, x.Group, x.Instance.Currency))
            .Select(g => new BudgetRow(
                g.Key.ProcessId, g.Key.Group, g.Key.Currency, g.Count(),
                g.Count(x => x.Instance.Submitted), Money(g.Where(x => x.Instance.Submitted).Sum(x => x.Instance.Planned)),
                g.Count(x => x.Instance.Approved), Money(g.Where(x => x.Instance.Approved).Sum(x => x.Instance.Planned)),
                g.Count(x => x.Instance.Spend is not null), Money(g.Sum(x => x.Instance.Spend ?? 0)),
                Money(g.Sum(x => x.Instance.ExpectedLeads)), Money(g.Sum(x => x.Instance.ActualLeads)),
                Money(g.Sum(x => x.Instance.ExpectedRevenue)), Money(g.Sum(x => x.Instance.ActualRevenue))))];
    }

    /// <summary>The group of an instance without a value for the grouping.</summary>
    private const string None = "(none)";

    internal static bool IsBreach(HistoryEntry entry) => entry.Kind == HistoryKind.Deadline && entry.Decision == AnalyticsModel.DeadlinePassed;

    private static decimal Money(long cents) => cents / 100m;

    private static long? Amount(JsonElement data, string? field) => field is null ? null : Cents(data, field, "amount");

    private static long? Count(JsonElement data, string? field) => field is null ? null : Cents(data, field);

    private static IReadOnlyList<string> GroupsOf(AnalyticsModel model, string processId, JsonElement data, MeasuresDefinition measures, BudgetGrouping groupBy)
    {
        if (groupBy.Dimension is not { } dimension)
        {
            var date = measures.Date is null ? null : Text(data, measures.Date);
            return [date is { Length: >= 7 } && int.TryParse(date.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
                ? string.Concat(date.AsSpan(0, 4), "-Q", ((month + 2) / 3).ToString(CultureInfo.InvariantCulture))
                : None];
        }

        var (declared, isList) = model.Dimension(processId, dimension);
        if (!declared)
        {
            return [None];
        }

        if (isList)
        {
            return data.ValueKind == JsonValueKind.Object && data.TryGetProperty(dimension, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? [.. list.EnumerateArray().Select(TextOf)]
                : [None];
        }

        return [Text(data, dimension) ?? None];
    }

    private static string? Text(JsonElement data, params string[] path)
        => Walk(data, path) is { } value && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? TextOf(value) : null;

    private static long? Cents(JsonElement data, params string[] path)
        => Walk(data, path) is { ValueKind: JsonValueKind.Number } value ? (long)Math.Round(value.GetDecimal() * 100m, MidpointRounding.AwayFromZero) : null;

    private static JsonElement? Walk(JsonElement data, string[] path)
    {
        var at = data;
        foreach (var name in path)
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
            {
                return null;
            }
        }

        return at;
    }

    private static string TextOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static bool Matches(ProcessInstance instance, AnalyticsFilter filter)
    {
        if ((filter.ProcessId is not null && instance.ProcessId != filter.ProcessId)
            || (filter.DefinitionVersion is { } version && instance.DefinitionVersion != version))
        {
            return false;
        }

        foreach (var (field, wanted) in filter.Data)
        {
            if (instance.Data.ValueKind != JsonValueKind.Object || !instance.Data.TryGetProperty(field, out var value))
            {
                return false;
            }

            var found = value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Any(v => TextOf(v) == wanted)
                : value.ValueKind != JsonValueKind.Null && TextOf(value) == wanted;
            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<List<InstanceFacts>> LoadAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        var facts = new List<InstanceFacts>();
        if (snapshot is not null)
        {
            foreach (var instance in snapshot())
            {
                if (Matches(instance, query.Filter))
                {
                    facts.Add(new InstanceFacts(instance, await store.GetHistoryAsync(instance.Id, cancellationToken).ConfigureAwait(false)));
                }
            }

            return facts;
        }

        // Any other store: page through it (an instance moved between pages meanwhile is read once).
        var seen = new HashSet<Guid>();
        for (var skip = 0; ; skip += Page)
        {
            var page = await store.QueryAsync(new InstanceQuery { ProcessId = query.Filter.ProcessId, Skip = skip, Take = Page }, cancellationToken).ConfigureAwait(false);
            foreach (var instance in page.Items)
            {
                if (seen.Add(instance.Id) && Matches(instance, query.Filter))
                {
                    var history = await store.GetHistoryAsync(instance.Id, cancellationToken).ConfigureAwait(false);
                    facts.Add(new InstanceFacts(instance, history));
                }
            }

            if (page.Items.Count < Page)
            {
                return facts;
            }
        }
    }

    /// <summary>One instance's history read as stays: for each entry, since when the state it was recorded in had been held.</summary>
    private sealed class InstanceFacts
    {
        public InstanceFacts(ProcessInstance instance, IReadOnlyList<HistoryEntry> history)
        {
            Instance = instance;
            long? since = null;
            var entries = new List<(HistoryEntry Entry, bool Moved, long? Since)>(history.Count);
            var stays = new Dictionary<(string State, long Since), (long? LeftAt, int Breaches)>();
            foreach (var entry in history.OrderBy(e => e.Sequence))
            {
                var moved = entry.Kind == HistoryKind.Started || entry.FromState != entry.ToState;
                entries.Add((entry, moved, since));
                if (since is { } start && (moved || entry.Kind == HistoryKind.Deadline))
                {
                    stays.TryGetValue((entry.FromState, start), out var stay);
                    stays[(entry.FromState, start)] = (
                        moved && entry.Kind != HistoryKind.Started ? entry.At.UtcTicks : stay.LeftAt,
                        stay.Breaches + (IsBreach(entry) ? 1 : 0));
                }

                if (moved)
                {
                    since = entry.At.UtcTicks;
                    EndedAt = entry.Kind == HistoryKind.Started ? EndedAt : entry.At.UtcTicks;
                }
            }

            Entries = entries;
            CurrentSince = since ?? instance.CreatedAt.UtcTicks;
            Stays = [.. stays.Select(s => new Stay(s.Key.State, s.Key.Since, s.Value.LeftAt, s.Value.Breaches))];
        }

        public ProcessInstance Instance { get; }

        public IReadOnlyList<(HistoryEntry Entry, bool Moved, long? Since)> Entries { get; }

        public IReadOnlyList<Stay> Stays { get; }

        /// <summary>Gets when the current state was entered, in ticks.</summary>
        public long CurrentSince { get; }

        /// <summary>Gets when the last change of state happened (for a completed instance, when it ended), in ticks.</summary>
        public long? EndedAt { get; }
    }

    private sealed record Stay(string State, long Since, long? LeftAt, int Breaches);
}

/// <summary>Nearest-rank percentiles: the p-th percentile of n sorted values is the ceil(p × n)-th.</summary>
internal static class Percentiles
{
    public static (int Count, long P50, long P90, long Max) Of(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n == 0 ? (0, 0, 0, 0) : (n, sorted[((n + 1) / 2) - 1], sorted[((9 * n + 9) / 10) - 1], sorted[n - 1]);
    }
}
