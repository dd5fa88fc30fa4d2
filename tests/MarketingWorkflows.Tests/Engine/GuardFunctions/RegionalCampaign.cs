using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Engine.GuardFunctions;

/// <summary>
/// samples/MarketingWorkflows.Api/Definitions/regional-campaign.yaml, whose Submit guard calls <c>budgetLeft(region)</c>, over
/// an engine with an in-memory store and a manual clock; the function's answer is the test's to give.
/// </summary>
internal sealed class RegionalCampaign
{
    public static readonly Actor Ana = new("ana", "marketer");

    public RegionalCampaign(Func<string, CancellationToken, ValueTask<Money>> budgetLeft, MarketingWorkflowsOptions? options = null)
    {
        Function = GuardFunction.Create<string, Money>("budgetLeft", async (region, _, ct) =>
        {
            Interlocked.Increment(ref _calls);
            return await budgetLeft(region, ct);
        });
        Catalog = new GuardFunctionCatalog([Function]);
        Definition = Load(Catalog);
        Registry.Register(Definition);
        Engine = new ProcessEngine(Registry, Store, options, timeProvider: Clock);
    }

    private int _calls;

    public GuardFunction Function { get; }

    public GuardFunctionCatalog Catalog { get; }

    public ProcessDefinition Definition { get; }

    public ProcessDefinitionRegistry Registry { get; } = new();

    public InMemoryProcessStore Store { get; } = new();

    public ManualClock Clock { get; } = new(EngineHarness.Monday);

    public ProcessEngine Engine { get; }

    /// <summary>Gets how many times the function's code ran.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static ProcessDefinition Load(GuardFunctionCatalog catalog)
        => YamlDefinitions.Loader.WithGuardFunctions(catalog).LoadFile(ExampleDefinitionsTests.RegionalCampaignPath).GetDefinitionOrThrow();

    public static RegionalCampaign WithBudgets(params (string Region, decimal Amount)[] left)
    {
        var table = left.ToDictionary(l => l.Region, l => new Money(l.Amount, "EUR"));
        return new((region, _) => ValueTask.FromResult(table.TryGetValue(region, out var amount) ? amount : new Money(0, "EUR")));
    }

    public static JsonElement Data(string region, decimal budget)
        => JsonSerializer.SerializeToElement(new { name = "Autumn push", owner = "ana", region, budget = new { amount = budget, currency = "EUR" } });

    public Task<ProcessInstance> StartAsync(string region, decimal budget)
        => Engine.StartAsync("regional-campaign", Data(region, budget), Ana);

    public Task<CommandResult> SubmitAsync(Guid id)
        => Engine.FireAsync(new ProcessCommand(id, "Submit", Ana));
}
