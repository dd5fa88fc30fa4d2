using System;
using System.Text.Json;
using System.Threading.Tasks;
using MarketingWorkflows;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using Microsoft.Extensions.DependencyInjection;

// A campaign from draft to live, with its content review and its launch checklist.
// In memory; with "--sqlite <file>", in a SQLite file that keeps every instance and its history.
var services = new ServiceCollection();
var workflows = services.AddMarketingWorkflows().AddBuiltInProcesses();
_ = args is ["--sqlite", var file] ? workflows.UseSqlite($"Data Source={file}") : workflows.UseInMemoryStore();
await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<IProcessEngine>();

Actor ana = new("ana", "marketer", "author"), fiona = new("fiona", "finance"), lea = new("lea", "legal"),
    bea = new("bea", "brand"), otto = new("otto", "ops-lead");

async Task<ProcessInstance> Fire(Guid id, string trigger, Actor actor, object? args = null)
{
    var command = new ProcessCommand(id, trigger, actor) { Arguments = args is null ? null : JsonSerializer.SerializeToElement(args) };
    var instance = (await engine.FireAsync(command)).Instance;
    Console.WriteLine($"{actor.UserId,-12} {trigger,-16} {instance.ProcessId,-18} now {instance.State}");
    return instance;
}

// 1. A EUR 25,000 campaign in the EU needs budget review and legal review.
var campaign = await engine.StartAsync(CampaignApproval.ProcessId, new CampaignData
{
    Name = "Spring launch", Owner = "ana", Budget = new Money(25_000m, "EUR"), Regions = ["EU"], Channels = ["email"],
}.ToJson(), ana);
await Fire(campaign.Id, CampaignApproval.Triggers.Submit, ana);
await Fire(campaign.Id, CampaignApproval.Triggers.Approve, fiona);
await Fire(campaign.Id, CampaignApproval.Triggers.Approve, lea);

// 2. Its launch email is reviewed by brand and legal; the campaign can be scheduled once it is approved.
var email = await engine.StartAsync(ContentReview.ProcessId, new ContentData
{
    Title = "Launch email", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(1, "https://cdn.example.com/launch-v1.html"),
}.ToJson(), ana, links: [new InstanceLink("campaign", campaign.Id)]);
await Fire(email.Id, ContentReview.Triggers.SubmitForReview, ana);
await Fire(email.Id, ContentReview.Triggers.Review, bea, new { decision = ContentReview.Decisions.Approved });
await Fire(email.Id, ContentReview.Triggers.Review, lea, new { decision = ContentReview.Decisions.Approved });
var launchAt = TimeProvider.System.GetUtcNow().AddDays(14);
await Fire(campaign.Id, CampaignApproval.Triggers.Schedule, ana, new { launchAt });

// 3. The launch checklist: every item done in order, then Go from the ops lead and the owner.
var checklist = await engine.StartAsync(LaunchChecklist.ProcessId, new LaunchData { CampaignId = campaign.Id.ToString(), Owner = "ana", LaunchAt = launchAt }.ToJson(), otto, links: [new InstanceLink("campaign", campaign.Id)]);
foreach (var (item, role) in new[] { ("brief", "marketer"), ("copy", "content"), ("assets", "design"), ("tracking", "analytics"), ("legal", "legal") })
{
    var done = await engine.UpdateChecklistItemAsync(new ChecklistCommand(checklist.Id, item, ChecklistAction.Complete, new Actor(role + "-1", role)));
    Console.WriteLine($"{role + "-1",-12} {"Complete " + item,-16} {"launch-checklist",-18} now {done.Instance.State}");
}

await Fire(checklist.Id, LaunchChecklist.Triggers.Go, otto);
await Fire(checklist.Id, LaunchChecklist.Triggers.Go, ana);
await Fire(campaign.Id, CampaignApproval.Triggers.Launch, otto);

var history = await engine.GetHistoryAsync(campaign.Id);
Console.WriteLine($"The campaign's history has {history.Count} entries; the chain verifies: {(await engine.VerifyHistoryAsync(campaign.Id)).IsValid}.");
