using MarketingWorkflows.Analytics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Campaign = MarketingWorkflows.Processes.CampaignApproval;
using Checklist = MarketingWorkflows.Processes.LaunchChecklist;
using Content = MarketingWorkflows.Processes.ContentReview;

namespace MarketingWorkflows.Tests.Analytics;

/// <summary>
/// A history written by the real engine on a hand-moved clock, shaped so that every figure has a
/// closed-form answer (see <see cref="AnalyticsContract"/>):
/// <list type="bullet">
/// <item>Campaign <c>i</c> (0–19) starts on Monday 09:00 of week <c>i</c>, with a budget of
/// 20,000 + 1,000·i EUR; even ones run on email in the EU (a legal review), odd ones on social and
/// search in the US. It stays in Draft i + 1 hours. Finance decides after 2 hours, except:
/// i mod 5 = 2 decides after 72 hours, once the deadline has passed and escalated; i mod 5 = 3 is
/// sent back, resubmitted an hour later and approved 2 hours after that; i mod 5 = 4 is rejected.
/// Legal approves after 4 hours. i mod 5 ∈ {0, 1} then run to Completed: 1 hour in Approved,
/// 2 in Scheduled, 24 Live, with actual spend = budget − 1,000, revenue 2 × budget and 100 + i leads.
/// The rest stay in Approved.</item>
/// <item>Campaigns 20 and 21 are submitted in weeks 20 and 21 and never decided: at "now" (week 23)
/// they are overdue in budget review.</item>
/// <item>Content item <c>j</c> (0–5), in week 22, takes 1 + j mod 3 review rounds: each round brand
/// decides after 3 hours and legal after 5; every round but the last brand asks for changes, and a
/// new version follows an hour later.</item>
/// </list>
/// </summary>
public sealed class AnalyticsDataSet
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Actor Ana = EngineHarness.Ana;
    private static readonly Actor Fiona = EngineHarness.Fiona;
    private static readonly Actor Lea = EngineHarness.Lea;
    private static readonly Actor Otto = EngineHarness.Otto;
    private static readonly Actor Bea = EngineHarness.Bea;

    private readonly ProcessEngine _engine;
    private readonly TimerWorker _worker;

    private AnalyticsDataSet(IProcessStore store)
    {
        Store = store;
        Registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions)
        {
            Registry.Register(definition);
        }

        _engine = new ProcessEngine(Registry, store, timeProvider: Clock);
        _worker = new TimerWorker(_engine, store, null, new MarketingWorkflowsOptions(), Clock);
        Analytics = StoreAnalytics.For(store, Registry, Clock);
    }

    public static DateTimeOffset Now => Week(23);

    public ManualClock Clock { get; } = new(T0);

    public IProcessStore Store { get; }

    public ProcessDefinitionRegistry Registry { get; }

    public IProcessAnalytics Analytics { get; }

    public static DateTimeOffset Week(int week) => T0.AddDays(7 * week);

    public static async Task<AnalyticsDataSet> CreateAsync(IProcessStore store)
    {
        var set = new AnalyticsDataSet(store);
        for (var i = 0; i < 22; i++)
        {
            await set.CampaignAsync(i);
        }

        for (var j = 0; j < 6; j++)
        {
            await set.ContentAsync(j);
        }

        set.Clock.Set(Now);
        return set;
    }

    /// <summary>
    /// A smaller set on a store of its own: one campaign submitted at T0 + 1 h, sent back at
    /// T0 + 3 h, resubmitted at T0 + 4 h and still in budget review at "now", T0 + 9 h.
    /// </summary>
    public static async Task<AnalyticsDataSet> CreateReentryAsync(IProcessStore store)
    {
        var set = new AnalyticsDataSet(store);
        set.Clock.Set(Week(0));
        var data = new CampaignData { Name = "Back again", Owner = "ana", Budget = new Money(Budget(0), "EUR"), Regions = ["EU"], Channels = ["email"] };
        var id = (await set._engine.StartAsync(Campaign.ProcessId, data.ToJson(), Ana)).Id;
        await set.At(1, id, Campaign.Triggers.Submit, Ana);
        await set.At(2, id, Campaign.Triggers.RequestChanges, Fiona, comment: "split the budget by month");
        await set.At(1, id, Campaign.Triggers.Resubmit, Ana);
        (await set._engine.GetAsync(id)).State.Should().Be(Campaign.States.BudgetReview);
        set.Clock.Advance(TimeSpan.FromHours(5));
        return set;
    }

    private static decimal Budget(int i) => 20_000 + (1_000 * i);

    private async Task CampaignAsync(int i)
    {
        var start = Week(i);
        Clock.Set(start);
        var even = i % 2 == 0;
        var data = new CampaignData
        {
            Name = $"Campaign {i}",
            Owner = "ana",
            Budget = new Money(Budget(i), "EUR"),
            Regions = even ? ["EU"] : ["US"],
            Channels = even ? ["email"] : ["social", "search"],
            StartAt = DateOnly.FromDateTime(start.AddDays(28).UtcDateTime),
            ExpectedLeads = 500,
            ExpectedRevenue = new Money(3 * Budget(i), "EUR"),
        };
        var id = (await _engine.StartAsync(Campaign.ProcessId, data.ToJson(), Ana)).Id;
        await At(i + 1, id, Campaign.Triggers.Submit, Ana);
        if (i >= 20)
        {
            return;
        }

        switch (i % 5)
        {
            case 4:
                await At(2, id, Campaign.Triggers.Reject, Fiona, comment: "over the quarter's plan");
                return;
            case 3:
                await At(2, id, Campaign.Triggers.RequestChanges, Fiona, comment: "split the budget by month");
                await At(1, id, Campaign.Triggers.Resubmit, Ana);
                await At(2, id, Campaign.Triggers.Approve, Fiona);
                break;
            case 2:
                Clock.Advance(TimeSpan.FromHours(72));
                await _worker.RunOnceAsync(CancellationToken.None);
                (await _engine.GetAsync(id)).EscalatedAt.Should().NotBeNull("the budget review deadline passed");
                await At(0, id, Campaign.Triggers.Approve, Fiona);
                break;
            default:
                await At(2, id, Campaign.Triggers.Approve, Fiona);
                break;
        }

        if (even)
        {
            await At(4, id, Campaign.Triggers.Approve, Lea);
        }

        (await _engine.GetAsync(id)).State.Should().Be(Campaign.States.Approved);
        if (i % 5 >= 2)
        {
            return;
        }

        Clock.Advance(TimeSpan.FromHours(1));
        var launchAt = Clock.GetUtcNow().AddDays(3);
        await At(0, id, Campaign.Triggers.Schedule, Ana, new { launchAt });
        var checklist = (await _engine.StartAsync(
            Checklist.ProcessId,
            new LaunchData { CampaignId = id.ToString(), Owner = "ana", LaunchAt = launchAt }.ToJson(),
            Otto,
            links: [new InstanceLink("campaign", id)])).Id;
        await Item(checklist, Checklist.Items.Brief, new Actor("mara", "marketer"));
        await Item(checklist, Checklist.Items.Copy, new Actor("cole", "content"));
        await Item(checklist, Checklist.Items.Assets, new Actor("dina", "design"));
        await Item(checklist, Checklist.Items.Tracking, new Actor("alan", "analytics"));
        await Item(checklist, Checklist.Items.Legal, Lea);
        await At(0, checklist, Checklist.Triggers.Go, Otto);
        await At(0, checklist, Checklist.Triggers.Go, Ana);
        await At(2, id, Campaign.Triggers.Launch, Otto);
        await At(24, id, Campaign.Triggers.Complete, Ana, new
        {
            actualSpend = new { amount = Budget(i) - 1_000, currency = "EUR" },
            actualLeads = 100 + i,
            actualRevenue = new { amount = 2 * Budget(i), currency = "EUR" },
        });
        (await _engine.GetAsync(id)).State.Should().Be(Campaign.States.Completed);
    }

    private async Task ContentAsync(int j)
    {
        Clock.Set(Week(22).AddHours(j * 2));
        var id = (await _engine.StartAsync(
            Content.ProcessId,
            new ContentData { Title = $"Email {j}", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(1, "https://cdn.example.com/v1.html") }.ToJson(),
            Ana)).Id;
        await At(1, id, Content.Triggers.SubmitForReview, Ana);
        var rounds = 1 + (j % 3);
        for (var round = 1; round <= rounds; round++)
        {
            var last = round == rounds;
            Clock.Advance(TimeSpan.FromHours(3));
            await _engine.DecideAsync(id, last ? Content.Decisions.Approved : Content.Decisions.ChangesRequired, Bea, last ? null : "tighten the subject line");
            Clock.Advance(TimeSpan.FromHours(2));
            await _engine.DecideAsync(id, Content.Decisions.Approved, Lea);
            if (!last)
            {
                await At(1, id, Content.Triggers.NewVersion, Ana, new { assetVersion = new { number = round + 1, uri = $"https://cdn.example.com/v{round + 1}.html" } });
            }
        }

        (await _engine.GetAsync(id)).State.Should().Be(Content.States.Approved);
    }

    private async Task At(double hours, Guid id, string trigger, Actor actor, object? args = null, string? comment = null)
    {
        Clock.Advance(TimeSpan.FromHours(hours));
        await _engine.FireAsync(new ProcessCommand(id, trigger, actor) { Arguments = args is null ? null : EngineHarness.Json(args), Comment = comment });
    }

    private Task Item(Guid checklist, string item, Actor actor)
        => _engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist, item, ChecklistAction.Complete, actor));
}
