using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Tests;

public sealed class MarketingWorkflowsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddMarketingWorkflows_with_built_in_processes_and_the_in_memory_store_runs_a_campaign()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().AddBuiltInProcesses().UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<IProcessEngine>();
        var instance = await engine.StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(1_000).ToJson(), EngineHarness.Ana);

        instance.State.Should().Be(CampaignApproval.States.Draft);
        provider.GetRequiredService<IProcessDefinitionRegistry>().GetAll().Select(d => d.Id).Should().BeEquivalentTo([CampaignApproval.ProcessId, ContentReview.ProcessId, LaunchChecklist.ProcessId]);
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Fact]
    public void Calling_it_twice_is_harmless_and_configures_the_same_options()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows(o => o.CommandRetries = 2).AddBuiltInProcesses().UseInMemoryStore();
        services.AddMarketingWorkflows(o => o.MaxCommentLength = 500).AddBuiltInProcesses().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IProcessEngine)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IProcessStore)).Should().Be(1);
        var options = provider.GetRequiredService<MarketingWorkflowsOptions>();
        options.CommandRetries.Should().Be(2);
        options.MaxCommentLength.Should().Be(500);
        provider.GetRequiredService<IProcessDefinitionRegistry>().GetAll().Should().HaveCount(3);
    }

    [Fact]
    public void Invalid_options_fail_at_registration_with_each_problem()
    {
        var act = () => new ServiceCollection().AddMarketingWorkflows(o =>
        {
            o.CommandRetries = -1;
            o.MaxDataBytes = 10;
        });

        act.Should().Throw<ArgumentException>().WithMessage("*CommandRetries is -1*MaxDataBytes is 10*");
    }

    [Fact]
    public void Without_a_store_resolving_the_engine_says_how_to_choose_one()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().AddBuiltInProcesses();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IProcessEngine>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*UseInMemoryStore()*");
    }

    [Fact]
    public async Task The_time_provider_comes_from_the_container()
    {
        var clock = new ManualClock(EngineHarness.Monday);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddMarketingWorkflows().AddBuiltInProcesses().UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var instance = await provider.GetRequiredService<IProcessEngine>().StartAsync(CampaignApproval.ProcessId, EngineHarness.Campaign(1).ToJson(), EngineHarness.Ana);

        instance.CreatedAt.Should().Be(EngineHarness.Monday);
    }

    [Fact]
    public void Processes_from_a_directory_load_at_registration_and_a_broken_file_stops_it_with_its_location()
    {
        var folder = Directory.CreateTempSubdirectory("mwf-processes-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.json"), BuiltInProcesses.GetSource(ContentReview.ProcessId).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal));
            var services = new ServiceCollection();
            services.AddMarketingWorkflows().AddProcessesFromDirectory(folder);
            using (var provider = services.BuildServiceProvider())
            {
                provider.GetRequiredService<IProcessDefinitionRegistry>().GetLatest(ContentReview.ProcessId).Version.Should().Be(2);
            }

            File.WriteAllText(Path.Combine(folder, "b.json"), "{ \"id\": \"broken\", \"version\": 1, \"states\": [ { \"name\": \"A\", \"initial\": true, \"transitions\": [ { \"trigger\": \"Go\", \"to\": \"B\" } ] } ] }");
            var act = () => new ServiceCollection().AddMarketingWorkflows().AddProcessesFromDirectory(folder);

            act.Should().Throw<ProcessDefinitionException>().WithMessage("*b.json*");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_user_directory_registered_on_the_builder_resolves_managers()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().AddBuiltInProcesses().UseInMemoryStore().UseUserDirectory<EngineHarness.Directory>();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IUserDirectory>().Should().BeOfType<EngineHarness.Directory>();
    }
}
