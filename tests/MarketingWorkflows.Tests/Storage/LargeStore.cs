using System.Globalization;
using System.Text.Json;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;
using MarketingWorkflows.Tests.Engine;

namespace MarketingWorkflows.Tests.Storage;

/// <summary>
/// A store of many instances written straight into the tables by one SQL statement per table
/// (not through the engine, which would take minutes), and every shape of query the library and
/// the sample host ask, with the answer each must give computed from the same rules.
/// Instance <c>i</c> (0 to <see cref="Size"/> - 1) was created <c>i</c> seconds after
/// <see cref="Start"/>, so the newest has the highest number.
/// </summary>
/// <remarks>
/// Of every 10 instances, 6 are campaign approvals, 3 content reviews and 1 a launch checklist.
/// Every 20th is open ("in-review", waiting on user <c>u</c>(i mod 50), and every 40th also on
/// the role "finance"), with a deadline a day after it started; the others are completed
/// ("done"). Each instance whose number is not a multiple of 100 is linked to the one that is
/// below it (every 100th also by a second relation). Its data has <c>owner</c> = <c>u</c>(i mod 50).
/// </remarks>
internal static class LargeStore
{
    public const int Size = 100_000;

    public const string Campaigns = "campaign-approval";

    public static readonly DateTimeOffset Now = EngineHarness.Monday;

    public static readonly DateTimeOffset Start = Now - TimeSpan.FromSeconds(Size);

    private const long Second = TimeSpan.TicksPerSecond;

    private const long Day = TimeSpan.TicksPerDay;

    /// <summary>Gets the query shapes, by name.</summary>
    public static IReadOnlyList<(string Name, InstanceQuery Query)> Shapes { get; } =
    [
        ("newest", new InstanceQuery { Take = 20 }),
        ("open", new InstanceQuery { IncludeCompleted = false, Take = 20 }),
        ("by process", new InstanceQuery { ProcessId = Campaigns, Take = 20 }),
        ("by process, open", new InstanceQuery { ProcessId = Campaigns, IncludeCompleted = false, Take = 20 }),
        ("by process, a later page", new InstanceQuery { ProcessId = Campaigns, Skip = 480, Take = 20 }),
        ("by process and state", new InstanceQuery { ProcessId = Campaigns, State = "in-review", Take = 20 }),
        ("by process and state, open", new InstanceQuery { ProcessId = Campaigns, State = "in-review", IncludeCompleted = false, Take = 20 }),
        ("by rare process", new InstanceQuery { ProcessId = "launch-checklist", State = "done", Take = 20 }),
        ("by data field", new InstanceQuery { ProcessId = Campaigns, DataField = "owner", DataValue = "u3", Take = 20 }),
        ("by data field, any process", new InstanceQuery { DataField = "owner", DataValue = "u7", Take = 20 }),
        ("waiting on me", new InstanceQuery { WaitingOnUser = "u20", WaitingOnRoles = ["finance"], IncludeCompleted = false, Take = 20 }),
        ("waiting on me, no roles", new InstanceQuery { WaitingOnUser = "u20", Take = 20 }),
        ("overdue", new InstanceQuery { OverdueAt = Now, Take = 20 }),
        ("overdue, open", new InstanceQuery { OverdueAt = Now, IncludeCompleted = false, Take = 20 }),
        ("linked to", new InstanceQuery { LinkedTo = Id(Size - 100), Take = 20 }),
        ("linked to, by process", new InstanceQuery { ProcessId = Campaigns, LinkedTo = Id(500), Take = 500 }),
    ];

    /// <summary>Gets instance <paramref name="i"/>'s id.</summary>
    public static Guid Id(int i) => Guid.Parse($"00000000-0000-7000-8000-{i.ToString("D12", CultureInfo.InvariantCulture)}");

    /// <summary>The data field the plan tests' stores index (<c>IndexedDataFields</c>); the shapes filter on it.</summary>
    public static IReadOnlySet<string> IndexedDataFields { get; } = new HashSet<string>(StringComparer.Ordinal) { "owner" };

    /// <summary>Gets the page a query must return: the matches' numbers, newest first, and the total the page reports.</summary>
    public static (int[] Items, int Total, bool Exact) Expected(InstanceQuery query)
    {
        var matches = Enumerable.Range(0, Size).Reverse().Where(i => Matches(i, query)).ToList();
        var bound = query.Skip + InstancePage.CountLimit;
        return ([.. matches.Skip(query.Skip).Take(query.Take)], Math.Min(matches.Count, bound), matches.Count <= bound);
    }

    /// <summary>Gets a body for every row: an instance whose id and owner are placeholders the SQL replaces.</summary>
    public static string TemplateBody() => StoreJson.WriteInstance(new ProcessInstance
    {
        Id = Guid.Empty,
        ProcessId = Campaigns,
        DefinitionVersion = 1,
        State = "done",
        Data = JsonDocument.Parse("""{"owner":"OWNER","budget":1000}""").RootElement.Clone(),
        Version = 1,
        CreatedBy = "ana",
        CreatedAt = Start,
        UpdatedAt = Start,
        StateEnteredAt = Start,
    });

    /// <summary>Gets the SQL that fills the tables, in a database's words (see <see cref="SeedSql"/>).</summary>
    public static string Fill(SeedSql d) => $"""
        INSERT INTO mwf_instances (id, process_id, state, version, is_completed, created_at, due_at, body, awaiting_key, links_key, state_entered_at)
            {d.Series} SELECT {d.Id("i")},
                CASE WHEN i % 10 < 6 THEN '{Campaigns}' WHEN i % 10 < 9 THEN 'content-review' ELSE 'launch-checklist' END,
                CASE WHEN i % 20 = 0 THEN 'in-review' ELSE 'done' END,
                1,
                CASE WHEN i % 20 = 0 THEN {d.False} ELSE {d.True} END,
                {Start.UtcTicks} + i * {Second},
                CASE WHEN i % 20 = 0 THEN {Start.UtcTicks} + i * {Second} + {Day} END,
                {d.Json($"replace(replace({d.Template}, '{Guid.Empty}', {d.Text(d.Id("i"))}), 'OWNER', 'u' || {d.Text("i % 50")})")},
                '', '', {Start.UtcTicks} + i * {Second}
            FROM n;
        INSERT INTO mwf_awaiting (kind, name, instance_id, created_at, is_completed)
            {d.Series} SELECT 'u', 'u' || {d.Text("i % 50")}, {d.Id("i")}, {Start.UtcTicks} + i * {Second}, {d.False} FROM n WHERE i % 20 = 0;
        INSERT INTO mwf_awaiting (kind, name, instance_id, created_at, is_completed)
            {d.Series} SELECT 'r', 'finance', {d.Id("i")}, {Start.UtcTicks} + i * {Second}, {d.False} FROM n WHERE i % 40 = 0;
        INSERT INTO mwf_links (target_id, instance_id, relation, created_at)
            {d.Series} SELECT {d.Id("i - i % 100")}, {d.Id("i")}, 'parent', {Start.UtcTicks} + i * {Second} FROM n WHERE i % 100 <> 0;
        INSERT INTO mwf_links (target_id, instance_id, relation, created_at)
            {d.Series} SELECT {d.Id("i - i % 100")}, {d.Id("i")}, 'follows', {Start.UtcTicks} + i * {Second} FROM n WHERE i % 100 = 1;
        INSERT INTO mwf_history (instance_id, sequence, kind, actor, from_state, to_state, data_revision, definition_version, at, self_approval, previous_hash, hash)
            {d.Series} SELECT {d.Id("i")}, 1, 'Started', 'ana', 'draft', 'draft', 1, 1, {Start.UtcTicks} + i * {Second}, {d.False}, '', '' FROM n;
        """;

    private static bool Matches(int i, InstanceQuery query)
    {
        var process = (i % 10) switch { < 6 => Campaigns, < 9 => "content-review", _ => "launch-checklist" };
        var open = i % 20 == 0;
        var owner = "u" + (i % 50).ToString(CultureInfo.InvariantCulture);
        var due = Start.UtcTicks + (i * Second) + Day;
        return (query.ProcessId is null || query.ProcessId == process)
            && (query.State is null || query.State == (open ? "in-review" : "done"))
            && (query.IncludeCompleted || open)
            && (query.OverdueAt is not { } at || (open && due < at.UtcTicks))
            && (query.LinkedTo is not { } target || (i % 100 != 0 && target == Id(i - (i % 100))))
            && (query.WaitingOnUser is not { } user || (open && (user == owner || (i % 40 == 0 && query.WaitingOnRoles.Contains("finance")))))
            && (query.DataField is null || (query.DataField == "owner" && query.DataValue == owner));
    }
}
