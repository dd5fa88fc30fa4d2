using System.Reflection;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions;

public sealed class ProcessDefinitionRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-registry-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ProcessDefinition Simple(int version, string title = "Simple") => ProcessDefinition.Create("simple")
        .Version(version).Title(title).Trigger("Go")
        .State("A", s => s.Initial().Permit("Go", "B"))
        .State("B", s => s.Terminal())
        .Build();

    [Fact]
    public void Latest_and_given_versions_are_found()
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(Simple(2));
        registry.Register(Simple(1));
        registry.Register(Simple(10));

        registry.GetLatest("simple").Version.Should().Be(10);
        registry.Get("simple", 2).Version.Should().Be(2);
        registry.TryGet("simple", 3, out _).Should().BeFalse();
        registry.GetAll().Select(d => d.Version).Should().Equal(1, 2, 10);
    }

    [Fact]
    public void Unknown_ids_and_versions_say_what_is_registered()
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(Simple(1));

        var missingVersion = () => registry.Get("simple", 4);
        missingVersion.Should().Throw<KeyNotFoundException>().WithMessage("Version 4 of the process 'simple' is not registered. The registered versions of 'simple' are 1.");
        var missingId = () => registry.GetLatest("campaign");
        missingId.Should().Throw<KeyNotFoundException>().WithMessage("No version of the process 'campaign' is registered. The registered processes are simple.");
    }

    [Fact]
    public void Registering_the_same_content_again_is_harmless()
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(Simple(1));
        registry.Register(Simple(1));
        registry.GetAll().Should().ContainSingle();
    }

    [Fact]
    public void The_same_id_and_version_with_different_content_is_refused()
    {
        var registry = new ProcessDefinitionRegistry();
        var original = Simple(1);
        registry.Register(original);

        var act = () => registry.Register(Simple(1, title: "Changed"));

        act.Should().Throw<ProcessDefinitionException>().Which.Errors.Should().ContainSingle()
            .Which.ToString().Should().Be("version: error MWF217: Version 1 of 'simple' is already registered with different content. A published version never changes: give the new content version 2.");
        registry.Get("simple", 1).Should().BeSameAs(original);
    }

    [Fact]
    public void A_folder_registers_every_definition_file()
    {
        foreach (var name in new[] { "campaign-approval.yaml", "content-review.yaml", "launch-checklist.yaml" })
        {
            File.Copy(ExampleDefinitionsTests.ExamplePath(name), Path.Combine(_folder, name));
        }

        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a definition");
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var registered = registry.RegisterFolder(_folder);

        registered.Select(d => d.Id).Should().Equal("campaign-approval", "content-review", "launch-checklist");
        registry.GetLatest("launch-checklist").Checklist.Should().HaveCount(6);
    }

    [Fact]
    public void A_folder_with_one_broken_file_registers_nothing_and_reports_every_problem()
    {
        File.Copy(ExampleDefinitionsTests.ExamplePath("content-review.yaml"), Path.Combine(_folder, "a.yaml"));
        File.WriteAllText(Path.Combine(_folder, "b.yaml"), "id: broken\nstates:\n  - { name: A, initial: true, transitons: [] }\n");
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var act = () => registry.RegisterFolder(_folder);

        act.Should().Throw<ProcessDefinitionException>().Which.Errors.Should().ContainSingle()
            .Which.ToString().Should().StartWith(Path.Combine(_folder, "b.yaml") + ":3:31: error MWF102: 'transitons' is not a key here.");
        registry.GetAll().Should().BeEmpty();
    }

    [Fact]
    public void Two_files_claiming_one_version_with_different_content_conflict()
    {
        var text = File.ReadAllText(ExampleDefinitionsTests.ExamplePath("content-review.yaml"));
        File.WriteAllText(Path.Combine(_folder, "a.yaml"), text);
        File.WriteAllText(Path.Combine(_folder, "b.yaml"), text.Replace("title: Content review", "title: Content review (edited)", StringComparison.Ordinal));
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);

        var act = () => registry.RegisterFolder(_folder);

        act.Should().Throw<ProcessDefinitionException>().Which.Errors.Single().Code.Should().Be(DefinitionErrorCodes.VersionConflict);
        registry.GetAll().Should().BeEmpty();
    }

    [Fact]
    public void A_file_registers_on_its_own()
    {
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);
        registry.RegisterFile(ExampleDefinitionsTests.ExamplePath("campaign-approval.yaml")).Id.Should().Be("campaign-approval");
        var missing = () => registry.RegisterFolder(Path.Combine(_folder, "nope"));
        missing.Should().Throw<DirectoryNotFoundException>();
    }

    [Fact]
    public void Embedded_resources_register_by_prefix()
    {
        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);
        var registered = registry.RegisterEmbedded(Assembly.GetExecutingAssembly(), "MarketingWorkflows.Tests.Definitions.Embedded.");
        registered.Select(d => d.Id).Should().Equal("embedded-example");
    }

    [Fact]
    public void Registration_from_many_threads_keeps_every_version()
    {
        var registry = new ProcessDefinitionRegistry();
        Parallel.For(1, 101, version => registry.Register(Simple(version)));
        registry.GetAll().Select(d => d.Version).Should().BeEquivalentTo(Enumerable.Range(1, 100));
    }
}
