using MarketingWorkflows.Engine;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Tests.Engine.GuardFunctions;
using MarketingWorkflows.Yaml;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Tests;

public sealed class GuardFunctionBuilderExtensionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-guard-functions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class BudgetTable
    {
        public Dictionary<string, Money> Left { get; } = new(StringComparer.Ordinal) { ["EU"] = new Money(30_000, "EUR") };
    }

    [Fact]
    public async Task A_registered_function_reaches_the_hosts_services_and_decides_a_guard_of_a_folder_loaded_process()
    {
        File.Copy(ExampleDefinitionsTests.RegionalCampaignPath, Path.Combine(_folder, "regional-campaign.yaml"));
        var services = new ServiceCollection();
        services.AddSingleton<BudgetTable>();
        services.AddMarketingWorkflows().UseInMemoryStore()
            .AddGuardFunction("budgetLeft", (string region, IServiceProvider sp, CancellationToken _) =>
                ValueTask.FromResult(sp.GetRequiredService<BudgetTable>().Left.GetValueOrDefault(region, new Money(0, "EUR"))))
            .AddProcessesFromDirectory(_folder, YamlDefinitions.Loader);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IProcessEngine>();

        var instance = await engine.StartAsync("regional-campaign", RegionalCampaign.Data("EU", 25_000), RegionalCampaign.Ana);
        var result = await engine.FireAsync(new ProcessCommand(instance.Id, "Submit", RegionalCampaign.Ana));

        result.Instance.State.Should().Be("Review");
        var entry = (await engine.GetHistoryAsync(instance.Id)).Single(e => e.Kind == HistoryKind.Transition);
        entry.Arguments!.Value.GetProperty("$guardCalls")[0].GetProperty("result").GetProperty("amount").GetDecimal().Should().Be(30_000);
        provider.GetRequiredService<GuardFunctionCatalog>().Functions.Select(f => f.ToString()).Should().Equal("budgetLeft(string) -> money");
    }

    [Fact]
    public void A_process_folder_loaded_before_its_function_is_registered_fails_with_the_unknown_function()
    {
        File.Copy(ExampleDefinitionsTests.RegionalCampaignPath, Path.Combine(_folder, "regional-campaign.yaml"));
        var builder = new ServiceCollection().AddMarketingWorkflows().UseInMemoryStore();

        var act = () => builder.AddProcessesFromDirectory(_folder, YamlDefinitions.Loader);

        act.Should().Throw<MarketingWorkflows.Definitions.ProcessDefinitionException>()
            .Which.Errors.Should().ContainSingle().Which.Code.Should().Be(ExpressionErrorCodes.UnknownFunction);
    }

    [Fact]
    public void Two_different_functions_with_one_name_are_refused_at_registration()
    {
        var builder = new ServiceCollection().AddMarketingWorkflows().UseInMemoryStore()
            .AddGuardFunction("budgetLeft", (string _, IServiceProvider _, CancellationToken _) => ValueTask.FromResult(1m));

        var act = () => builder.AddGuardFunction("budgetLeft", (string _, IServiceProvider _, CancellationToken _) => ValueTask.FromResult(2m));

        act.Should().Throw<ArgumentException>().WithMessage("*'budgetLeft' is registered already*");
    }

    [Fact]
    public void Without_guard_functions_the_catalog_is_empty()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<GuardFunctionCatalog>().Functions.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301_000)]
    public void A_guard_function_time_limit_out_of_range_stops_start_up(int milliseconds)
    {
        var act = () => new ServiceCollection().AddMarketingWorkflows(o => o.GuardFunctionTimeout = TimeSpan.FromMilliseconds(milliseconds));

        act.Should().Throw<ArgumentException>().WithMessage("*GuardFunctionTimeout*10 milliseconds to 5 minutes*");
    }
}
