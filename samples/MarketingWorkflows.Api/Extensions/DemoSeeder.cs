using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// Adds campaigns in different states, with content reviews and launch checklists, when the store
/// has no campaign yet. Their history is written as if over the last three weeks (an engine on a
/// clock that starts 21 days ago and moves on by the hour), so the analytics have real durations,
/// a missed deadline, a send-back, a rejection and a completed campaign to show.
/// </summary>
internal sealed partial class DemoSeeder(
    IProcessEngine live,
    IProcessDefinitionRegistry registry,
    IProcessStore store,
    MarketingWorkflowsOptions options,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor Ana = new("ana", "marketer", "author", "campaign-owner");
    private static readonly Actor Fiona = new("fiona", "finance");
    private static readonly Actor Lea = new("lea", "legal");
    private static readonly Actor Bea = new("bea", "brand");
    private static readonly Actor Otto = new("otto", "ops-lead");

    private readonly SeedClock _clock = new(time.GetUtcNow().AddDays(-21));
    private ProcessEngine? _engine;

    private ProcessEngine Engine => _engine ??= new ProcessEngine(registry, store, options, _clock);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await live.QueryAsync(new InstanceQuery { ProcessId = CampaignApproval.ProcessId, Take = 1 }, cancellationToken)).Total > 0)
        {
            return;
        }

        // Finished work first, three weeks ago: a send-back, a rejection, a completed launch.
        var reworked = await CampaignAsync("Holiday retargeting", 30_000, ["US"], submitAfter: 5, cancellationToken);
        await FireAsync(reworked.Id, CampaignApproval.Triggers.RequestChanges, Fiona, 20, "Split the budget by month", null, cancellationToken);
        await FireAsync(reworked.Id, CampaignApproval.Triggers.Resubmit, Ana, 6, null, null, cancellationToken);
        await FireAsync(reworked.Id, CampaignApproval.Triggers.Approve, Fiona, 9, "Monthly split works", null, cancellationToken);

        var rejected = await CampaignAsync("Trade show booth", 60_000, ["US"], submitAfter: 3, cancellationToken);
        await FireAsync(rejected.Id, CampaignApproval.Triggers.Reject, Fiona, 30, "No trade shows this year", null, cancellationToken);

        var done = await CampaignAsync("Partner newsletter", 6_000, ["US"], submitAfter: 4, cancellationToken);
        await CompleteAsync(done.Id, cancellationToken);

        // Work in progress, up to now.
        await CampaignAsync("Spring launch", 20_000, ["US"], submitAfter: null, cancellationToken);
        await CampaignAsync("Summer promotion", 45_000, ["US", "CA"], submitAfter: 30, cancellationToken);
        await CampaignAsync("EU newsletter relaunch", 8_000, ["EU"], submitAfter: 8, cancellationToken);
        var approved = await CampaignAsync("Autumn webinar series", 5_000, ["UK"], submitAfter: 2, cancellationToken);
        _clock.Advance(7);
        await Engine.DecideAsync(approved.Id, "approved", Lea, "Consent wording checked", cancellationToken: cancellationToken);

        var content = await Engine.StartAsync(
            ContentReview.ProcessId,
            Json(new { title = "Webinar invitation email", owner = "ana", assetType = "email", assetVersion = new { number = 1, uri = "https://assets.example.com/webinar-invite-v1.html" }, campaignId = approved.Id.ToString() }),
            Ana,
            links: [new InstanceLink("campaign", approved.Id)],
            cancellationToken: cancellationToken);
        await FireAsync(content.Id, ContentReview.Triggers.SubmitForReview, Ana, 3, null, null, cancellationToken);
        _clock.Advance(5);
        await Engine.DecideAsync(content.Id, "changes-required", Bea, "Use the new logo", cancellationToken: cancellationToken);
        _clock.Advance(4);
        await Engine.DecideAsync(content.Id, "approved", Lea, cancellationToken: cancellationToken);
        await FireAsync(content.Id, ContentReview.Triggers.NewVersion, Ana, 6, null, new { assetVersion = new { number = 2, uri = "https://assets.example.com/webinar-invite-v2.html" } }, cancellationToken);
        await Engine.LinkAsync(approved.Id, new InstanceLink("content-review", content.Id), Ana, cancellationToken: cancellationToken);

        var checklist = await Engine.StartAsync(
            LaunchChecklist.ProcessId,
            Json(new { campaignId = approved.Id.ToString(), owner = "ana", launchAt = time.GetUtcNow().AddDays(21) }),
            Ana,
            links: [new InstanceLink("campaign", approved.Id)],
            cancellationToken: cancellationToken);
        _clock.Advance(2);
        await Engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, "brief", ChecklistAction.Complete, Ana), cancellationToken);
        await Engine.LinkAsync(approved.Id, new InstanceLink("launch-checklist", checklist.Id), Ana, cancellationToken: cancellationToken);
        LogSeeded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CompleteAsync(Guid campaign, CancellationToken cancellationToken)
    {
        var launchAt = _clock.GetUtcNow().AddDays(2);
        await FireAsync(campaign, CampaignApproval.Triggers.Schedule, Ana, 10, null, new { launchAt }, cancellationToken);
        var checklist = await Engine.StartAsync(
            LaunchChecklist.ProcessId,
            Json(new { campaignId = campaign.ToString(), owner = "ana", launchAt }),
            Otto,
            links: [new InstanceLink("campaign", campaign)],
            cancellationToken: cancellationToken);
        foreach (var (item, actor) in new[]
        {
            ("brief", new Actor("mara", "marketer")), ("copy", new Actor("cole", "content")), ("assets", new Actor("dina", "design")),
            ("tracking", new Actor("alan", "analytics")), ("legal", Lea),
        })
        {
            _clock.Advance(3);
            await Engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, item, ChecklistAction.Complete, actor), cancellationToken);
        }

        await FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Otto, 2, null, null, cancellationToken);
        await FireAsync(checklist.Id, LaunchChecklist.Triggers.Go, Ana, 1, null, null, cancellationToken);
        await FireAsync(campaign, CampaignApproval.Triggers.Launch, Otto, 20, null, null, cancellationToken);
        await FireAsync(campaign, CampaignApproval.Triggers.Complete, Ana, 96, null, new
        {
            actualSpend = new { amount = 5_400, currency = "EUR" },
            actualLeads = 380,
            actualRevenue = new { amount = 21_000, currency = "EUR" },
        }, cancellationToken);
    }

    private async Task<ProcessInstance> CampaignAsync(string name, decimal budget, string[] regions, double? submitAfter, CancellationToken cancellationToken)
    {
        _clock.Advance(1);
        var data = new { name, owner = "ana", budget = new { amount = budget, currency = "EUR" }, regions, channels = new[] { "email", "social" }, audience = "business", objective = $"{name}: pipeline for the quarter", expectedLeads = 400, expectedRevenue = new { amount = budget * 3, currency = "EUR" } };
        var campaign = await Engine.StartAsync(CampaignApproval.ProcessId, Json(data), Ana, cancellationToken: cancellationToken);
        return submitAfter is { } hours
            ? (await FireAsync(campaign.Id, CampaignApproval.Triggers.Submit, Ana, hours, null, null, cancellationToken)).Instance
            : campaign;
    }

    private Task<CommandResult> FireAsync(Guid id, string trigger, Actor actor, double afterHours, string? comment, object? args, CancellationToken cancellationToken)
    {
        _clock.Advance(afterHours);
        return Engine.FireAsync(new ProcessCommand(id, trigger, actor) { Comment = comment, Arguments = args is null ? null : Json(args) }, cancellationToken);
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the demo campaigns, content review and launch checklists, with three weeks of history")]
    private partial void LogSeeded();

    /// <summary>The seeding engine's clock: starts in the past and moves on by the hour, never past the real now.</summary>
    private sealed class SeedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly DateTimeOffset _limit = start.AddDays(21);
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(double hours) => _now = _now.AddHours(hours) < _limit ? _now.AddHours(hours) : _now;
    }
}
