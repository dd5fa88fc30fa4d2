using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>Adds a few campaigns in different states, with a content review and a launch checklist, when the store has no campaign yet.</summary>
internal sealed partial class DemoSeeder(IProcessEngine engine, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor Ana = new("ana", "marketer", "author", "campaign-owner");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await engine.QueryAsync(new InstanceQuery { ProcessId = CampaignApproval.ProcessId, Take = 1 }, cancellationToken)).Total > 0)
        {
            return;
        }

        await CampaignAsync("Spring launch", 20_000, ["US"], submit: false, cancellationToken);
        await CampaignAsync("Summer promotion", 45_000, ["US", "CA"], submit: true, cancellationToken);
        await CampaignAsync("EU newsletter relaunch", 8_000, ["EU"], submit: true, cancellationToken);
        var approved = await CampaignAsync("Autumn webinar series", 5_000, ["UK"], submit: true, cancellationToken);
        await engine.DecideAsync(approved.Id, "approved", new Actor("lea", "legal"), "Consent wording checked", cancellationToken: cancellationToken);

        var content = await engine.StartAsync(
            ContentReview.ProcessId,
            Json(new { title = "Webinar invitation email", owner = "ana", assetType = "email", assetVersion = new { number = 1, uri = "https://assets.example.com/webinar-invite-v1.html" }, campaignId = approved.Id.ToString() }),
            Ana,
            links: [new InstanceLink("campaign", approved.Id)],
            cancellationToken: cancellationToken);
        await engine.FireAsync(new ProcessCommand(content.Id, ContentReview.Triggers.SubmitForReview, Ana), cancellationToken);
        await engine.LinkAsync(approved.Id, new InstanceLink("content-review", content.Id), Ana, cancellationToken);

        var checklist = await engine.StartAsync(
            LaunchChecklist.ProcessId,
            Json(new { campaignId = approved.Id.ToString(), owner = "ana", launchAt = time.GetUtcNow().AddDays(21) }),
            Ana,
            links: [new InstanceLink("campaign", approved.Id)],
            cancellationToken: cancellationToken);
        await engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, "brief", ChecklistAction.Complete, Ana), cancellationToken);
        await engine.LinkAsync(approved.Id, new InstanceLink("launch-checklist", checklist.Id), Ana, cancellationToken);
        LogSeeded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<ProcessInstance> CampaignAsync(string name, decimal budget, string[] regions, bool submit, CancellationToken cancellationToken)
    {
        var data = new { name, owner = "ana", budget = new { amount = budget, currency = "EUR" }, regions, channels = new[] { "email", "social" }, audience = "business", objective = $"{name}: pipeline for the quarter" };
        var campaign = await engine.StartAsync(CampaignApproval.ProcessId, Json(data), Ana, cancellationToken: cancellationToken);
        return submit
            ? (await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, Ana), cancellationToken)).Instance
            : campaign;
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the demo campaigns, a content review and a launch checklist")]
    private partial void LogSeeded();
}
