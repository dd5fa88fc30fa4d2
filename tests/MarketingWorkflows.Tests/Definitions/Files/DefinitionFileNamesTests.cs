using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>Which files of a folder are definitions: one rule for the registry, the DI extension, the host and mwf.</summary>
public sealed class DefinitionFileNamesTests : IDisposable
{
    private static readonly string Examples = Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "examples");

    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-names-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("campaign-approval.yaml", true)]
    [InlineData("campaign-approval.yml", true)]
    [InlineData("campaign-approval.json", true)]
    [InlineData("Campaign-Approval.YAML", true)]
    [InlineData("campaign-approval.v2.yaml", true)]
    [InlineData("campaign-approval.v12.json", true)]
    [InlineData("campaign-approval.data.json", false)]
    [InlineData("campaign-approval.steps.txt", false)]
    [InlineData("campaign-approval.draft.yaml", false)]
    [InlineData("process-definition.schema.json", false)]
    [InlineData("campaign-approval.v.yaml", false)]
    [InlineData("campaign-approval.v2x.yaml", false)]
    [InlineData("campaign-approval.V2.yaml", false)]
    [InlineData("campaign-approval.v2.data.json", false)]
    [InlineData(".json", false)]
    [InlineData("notes.txt", false)]
    [InlineData("campaign-approval", false)]
    public void A_definition_file_is_named_NAME_or_NAME_vN_with_a_definition_extension(string name, bool expected)
    {
        YamlDefinitions.Loader.IsDefinitionFile(name).Should().Be(expected);
        YamlDefinitions.Loader.IsDefinitionFile(Path.Combine(_folder, "sub.folder", name)).Should().Be(expected, "only the file's own name counts");
    }

    [Fact]
    public void Extensions_come_from_the_loader()
    {
        ProcessDefinitionLoader.Json.IsDefinitionFile("campaign-approval.json").Should().BeTrue();
        ProcessDefinitionLoader.Json.IsDefinitionFile("campaign-approval.yaml").Should().BeFalse("the JSON loader does not read YAML");
    }

    [Fact]
    public void The_examples_folder_holds_three_definitions_beside_their_sample_data_and_steps()
    {
        YamlDefinitions.Loader.FindDefinitionFiles(Examples).Select(Path.GetFileName)
            .Should().Equal("campaign-approval.yaml", "content-review.yaml", "launch-checklist.yaml");
        Directory.EnumerateFiles(Examples).Select(Path.GetFileName)
            .Should().Contain(["campaign-approval.data.json", "campaign-approval.steps.txt"], "the folder's companion files are what the rule has to skip");
    }

    [Fact]
    public void The_examples_folder_registers_as_a_folder()
    {
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var registered = registry.RegisterFolder(Examples, recursive: true);

        registered.Select(d => d.Id).Should().Equal("campaign-approval", "content-review", "launch-checklist");
    }

    [Fact]
    public void The_examples_folder_loads_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddMarketingWorkflows().AddProcessesFromDirectory(Examples, YamlDefinitions.Loader);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProcessDefinitionRegistry>().GetAll().Select(d => d.Id)
            .Should().Equal("campaign-approval", "content-review", "launch-checklist");
    }

    [Fact]
    public void A_folder_skips_companion_files_and_reads_the_folders_below()
    {
        Copy("campaign-approval.yaml", "campaign-approval.yaml");
        Copy("campaign-approval.data.json", "campaign-approval.data.json");
        Copy("campaign-approval.steps.txt", "campaign-approval.steps.txt");
        Directory.CreateDirectory(Path.Combine(_folder, "reviews"));
        Copy("content-review.yaml", Path.Combine("reviews", "content-review.v1.yaml"));
        File.WriteAllText(Path.Combine(_folder, "reviews", "content-review.draft.yaml"), "id: content-review\nstates: [ half written");
        File.WriteAllText(Path.Combine(_folder, "process-definition.schema.json"), File.ReadAllText(Path.Combine(Examples, "..", "process-definition.schema.json")));
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var registered = registry.RegisterFolder(_folder, recursive: true);

        registered.Select(d => d.Id).Should().Equal("campaign-approval", "content-review");
    }

    [Fact]
    public void A_data_file_named_like_a_definition_gets_one_error_that_says_how_to_name_it()
    {
        Copy("content-review.yaml", "content-review.yaml");
        Copy("campaign-approval.data.json", "spring-campaign.json");
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var act = () => registry.RegisterFolder(_folder);

        var error = act.Should().Throw<ProcessDefinitionException>().Which.Errors.Should().ContainSingle().Which;
        error.Code.Should().Be(DefinitionErrorCodes.Missing);
        (error.Line, error.Column).Should().Be((1, 1));
        error.Message.Should().StartWith("'spring-campaign.json' is not a process definition: a definition has at least 'id' and 'states', and its keys are name, owner, channels, regions, audience, budget and 4 more. ")
            .And.Contain("'spring-campaign.data.json'");
        registry.GetAll().Should().BeEmpty();
    }

    [Fact]
    public void A_definition_with_misspelt_top_level_keys_still_gets_its_typos_pointed_out()
    {
        var errors = YamlDefinitions.Loader.Load("Id: simple\nStates:\n  - { name: A, initial: true, terminal: true }\n", "simple.yaml").Errors;

        errors.Should().Contain(e => e.Code == DefinitionErrorCodes.UnknownKey && e.Message.Contains("Did you mean 'id'?", StringComparison.Ordinal));
        errors.Should().NotContain(e => e.Message.Contains("is not a process definition", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_map_is_not_a_definition()
    {
        YamlDefinitions.Loader.Load("{}", "empty.json").Errors.Should().ContainSingle()
            .Which.Message.Should().StartWith("'empty.json' is not a process definition: a definition has at least 'id' and 'states', and it is empty.");
    }

    [Fact]
    public void A_missing_folder_is_reported_by_name()
    {
        var act = () => YamlDefinitions.Loader.FindDefinitionFiles(Path.Combine(_folder, "nope"));
        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*nope' does not exist.");
    }

    private void Copy(string example, string target) => File.Copy(Path.Combine(Examples, example), Path.Combine(_folder, target));
}
