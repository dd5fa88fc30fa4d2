using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Tests.Engine;

/// <summary>An engine over the built-in processes, an in-memory store and a manual clock, with a cast of users.</summary>
public sealed class EngineHarness
{
    /// <summary>Monday 2 November 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly Actor Ana = new("ana", "marketer", "author");
    public static readonly Actor Fiona = new("fiona", "finance");
    public static readonly Actor Frank = new("frank", "finance");
    public static readonly Actor Lea = new("lea", "legal");
    public static readonly Actor Leo = new("leo", "legal");
    public static readonly Actor Cora = new("cora", "cmo");
    public static readonly Actor Mike = new("mike", "manager");
    public static readonly Actor Otto = new("otto", "ops-lead");
    public static readonly Actor Bea = new("bea", "brand");
    public static readonly Actor Pat = new("pat", "publisher");

    public EngineHarness(params ProcessDefinition[] extra)
    {
        Registry = new ProcessDefinitionRegistry();
        foreach (var definition in BuiltInProcesses.Definitions.Concat(extra))
        {
            Registry.Register(definition);
        }

        Engine = new ProcessEngine(Registry, Store, timeProvider: Clock, users: Users);
    }

    public ManualClock Clock { get; } = new(Monday);

    public InMemoryProcessStore Store { get; } = new();

    public Directory Users { get; } = new();

    public ProcessDefinitionRegistry Registry { get; }

    public ProcessEngine Engine { get; }

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    public static CampaignData Campaign(decimal budget, string[]? regions = null, string[]? channels = null, string audience = "business", string owner = "ana") => new()
    {
        Name = "Spring launch",
        Owner = owner,
        Budget = new Money(budget, "EUR"),
        Regions = regions ?? ["US"],
        Channels = channels ?? ["social"],
        Audience = audience,
        ExpectedLeads = 500,
    };

    public Task<ProcessInstance> StartCampaignAsync(CampaignData data, Actor? by = null)
        => Engine.StartAsync(CampaignApproval.ProcessId, data.ToJson(), by ?? Ana);

    public async Task<ProcessInstance> SubmittedCampaignAsync(CampaignData data, Actor? by = null)
    {
        var instance = await StartCampaignAsync(data, by);
        return (await FireAsync(instance.Id, CampaignApproval.Triggers.Submit, by ?? Ana)).Instance;
    }

    public Task<CommandResult> FireAsync(Guid id, string trigger, Actor actor, object? args = null, string? comment = null, long? expectedVersion = null, string? key = null)
        => Engine.FireAsync(new ProcessCommand(id, trigger, actor)
        {
            Arguments = args is null ? null : Json(args),
            Comment = comment,
            ExpectedVersion = expectedVersion,
            IdempotencyKey = key,
        });

    public Task<CommandResult> ChecklistAsync(Guid id, string item, ChecklistAction action, Actor actor, string? reason = null)
        => Engine.UpdateChecklistItemAsync(new ChecklistCommand(id, item, action, actor) { Reason = reason });

    public Task<ProcessInstance> StartContentAsync(int version = 1, Guid? campaign = null)
        => Engine.StartAsync(
            ContentReview.ProcessId,
            new ContentData { Title = "Launch email", Owner = "ana", AssetType = "email", AssetVersion = new AssetVersion(version, $"https://cdn.example.com/email-v{version}.html"), CampaignId = campaign?.ToString() }.ToJson(),
            Ana,
            links: campaign is null ? null : [new InstanceLink("campaign", campaign.Value)]);

    public Task<ProcessInstance> StartChecklistAsync(Guid campaign, DateTimeOffset launchAt, string owner = "ana")
        => Engine.StartAsync(
            LaunchChecklist.ProcessId,
            new LaunchData { CampaignId = campaign.ToString(), Owner = owner, LaunchAt = launchAt }.ToJson(),
            Otto,
            links: [new InstanceLink("campaign", campaign)]);

    /// <summary>Completes every required item of a launch checklist in dependency order.</summary>
    public async Task<ProcessInstance> CompleteChecklistAsync(Guid id)
    {
        await ChecklistAsync(id, LaunchChecklist.Items.Brief, ChecklistAction.Complete, new Actor("mara", "marketer"));
        await ChecklistAsync(id, LaunchChecklist.Items.Copy, ChecklistAction.Complete, new Actor("cole", "content"));
        await ChecklistAsync(id, LaunchChecklist.Items.Assets, ChecklistAction.Complete, new Actor("dina", "design"));
        await ChecklistAsync(id, LaunchChecklist.Items.Tracking, ChecklistAction.Complete, new Actor("alan", "analytics"));
        return (await ChecklistAsync(id, LaunchChecklist.Items.Legal, ChecklistAction.Complete, Lea)).Instance;
    }

    /// <summary>A user directory the test fills in.</summary>
    public sealed class Directory : IUserDirectory
    {
        public Dictionary<string, string> Managers { get; } = new(StringComparer.Ordinal);

        public ValueTask<string?> GetManagerAsync(string userId, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Managers.GetValueOrDefault(userId));
    }
}
