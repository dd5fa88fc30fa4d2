using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;

namespace MarketingWorkflows.Tests.Packaging;

/// <summary>
/// What a user installs works: every package packs with its README, license, XML docs, symbols
/// and Source Link, and a fresh console project outside the repository runs on the packages alone.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class PackagesInstallTests(PackedPackages packages)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void Pack_produces_every_shipped_package_and_its_symbol_package()
    {
        Directory.GetFiles(packages.Folder, "*.nupkg").Select(Path.GetFileName).Should().BeEquivalentTo(
            PackedPackages.ShippedIds.Select(id => $"{id}.{packages.Version}.nupkg"), "every packable project of src/ is shipped, and nothing else:\n{0}", packages.PackOutput);
        foreach (var id in PackedPackages.ShippedIds)
        {
            File.Exists(packages.SymbolsPath(id)).Should().BeTrue("{0} ships its symbols in a .snupkg", id);
        }
    }

    [Theory]
    [InlineData("MarketingWorkflows", "lib/net10.0/MarketingWorkflows.xml")]
    [InlineData("MarketingWorkflows.Yaml", "lib/net10.0/MarketingWorkflows.Yaml.xml")]
    [InlineData("MarketingWorkflows.Sqlite", "lib/net10.0/MarketingWorkflows.Sqlite.xml")]
    [InlineData("MarketingWorkflows.PostgreSql", "lib/net10.0/MarketingWorkflows.PostgreSql.xml")]
    [InlineData("MarketingWorkflows.Cli", "tools/net10.0/any/mwf.xml")]
    public void Each_package_carries_the_readme_the_license_expression_and_its_xml_docs(string id, string xmlDocs)
    {
        using (var package = ZipFile.OpenRead(packages.PackagePath(id)))
        {
            package.Entries.Select(e => e.FullName).Should().Contain(["README.md", xmlDocs]);
            using var docs = new StreamReader(package.GetEntry(xmlDocs)!.Open());
            XDocument.Parse(docs.ReadToEnd()).Descendants("member").Should().NotBeEmpty("the XML docs describe the public members");
        }

        var metadata = Metadata(id);
        Element(metadata, "readme").Value.Should().Be("README.md");
        Element(metadata, "license").Attribute("type")!.Value.Should().Be("expression");
        Element(metadata, "license").Value.Should().Be("MIT");
        Element(metadata, "description").Value.Should().NotBeNullOrWhiteSpace();
        Element(metadata, "tags").Value.Should().Contain("workflow");
        Element(metadata, "projectUrl").Value.Should().Be(packages.RepositoryUrl);
        var repository = Element(metadata, "repository");
        repository.Attribute("type")!.Value.Should().Be("git");
        repository.Attribute("url")!.Value.Should().Be(packages.RepositoryUrl);
        repository.Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$");
    }

    [Theory]
    [InlineData("MarketingWorkflows", "lib/net10.0/MarketingWorkflows.pdb")]
    [InlineData("MarketingWorkflows.Yaml", "lib/net10.0/MarketingWorkflows.Yaml.pdb")]
    [InlineData("MarketingWorkflows.Sqlite", "lib/net10.0/MarketingWorkflows.Sqlite.pdb")]
    [InlineData("MarketingWorkflows.PostgreSql", "lib/net10.0/MarketingWorkflows.PostgreSql.pdb")]
    [InlineData("MarketingWorkflows.Cli", "tools/net10.0/any/mwf.pdb")]
    public void Symbols_link_every_source_file_to_the_packed_commit_on_the_repository(string id, string pdb)
    {
        var commit = Element(Metadata(id), "repository").Attribute("commit")!.Value;
        using var symbols = ZipFile.OpenRead(packages.SymbolsPath(id));
        var entry = symbols.GetEntry(pdb);
        entry.Should().NotBeNull("the symbol package holds {0}", pdb);

        using var copy = new MemoryStream();
        using (var stream = entry!.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Where(information => reader.GetGuid(information.Kind) == SourceLinkKind)
            .Select(information => Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)))
            .SingleOrDefault();

        var raw = packages.RepositoryUrl.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        sourceLink.Should().NotBeNull("the PDB of {0} carries Source Link", id);
        sourceLink.Should().Be($$$"""{"documents":{"/_/*":"{{{raw}}}/{{{commit}}}/*"}}""", "a CI build maps its deterministic source root to the commit it packed");
    }

    [Fact]
    public async Task A_fresh_console_project_installs_the_core_and_sqlite_packages_and_runs_a_campaign()
    {
        var app = packages.NewFolder("app");
        await WriteFreshFolderAsync(app);
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MarketingWorkflows" Version="{packages.Version}" />
                <PackageReference Include="MarketingWorkflows.Sqlite" Version="{packages.Version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="{PinnedVersion("Microsoft.Extensions.DependencyInjection")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using MarketingWorkflows;
            using MarketingWorkflows.Engine;
            using MarketingWorkflows.Instances;
            using MarketingWorkflows.Processes;
            using Microsoft.Extensions.DependencyInjection;

            // Start a campaign in a SQLite file and submit it; then read it back through a new engine.
            var connectionString = $"Data Source={args[0]}";
            var ana = new Actor("ana", "marketer");
            Guid id;
            {
                var services = new ServiceCollection();
                services.AddMarketingWorkflows().AddBuiltInProcesses().UseSqlite(connectionString);
                await using var provider = services.BuildServiceProvider();
                var engine = provider.GetRequiredService<IProcessEngine>();
                var data = new CampaignData { Name = "Spring launch", Owner = "ana", Budget = new Money(10_000m, "EUR"), Regions = ["US"], Channels = ["social"] };
                var campaign = await engine.StartAsync(CampaignApproval.ProcessId, data.ToJson(), ana);
                Console.WriteLine($"started: {campaign.State}");
                var submitted = await engine.FireAsync(new ProcessCommand(campaign.Id, CampaignApproval.Triggers.Submit, ana));
                Console.WriteLine($"submitted: {submitted.Instance.State}");
                id = campaign.Id;
            }
            {
                var services = new ServiceCollection();
                services.AddMarketingWorkflows().AddBuiltInProcesses().UseSqlite(connectionString);
                await using var provider = services.BuildServiceProvider();
                var engine = provider.GetRequiredService<IProcessEngine>();
                var read = await engine.GetAsync(id);
                var verification = await engine.VerifyHistoryAsync(id);
                Console.WriteLine($"reopened: {read.State} version {read.Version}, history valid: {verification.IsValid}");
            }
            """);
        var database = Path.Combine(app, "campaigns.db");

        var (exitCode, output) = await DotnetCli.RunAsync(app, FreshEnvironment(app), TimeSpan.FromMinutes(4), "run", "--disable-build-servers", "--", database);

        exitCode.Should().Be(0, output);
        output.Split('\n', StringSplitOptions.TrimEntries).Should().ContainInOrder("started: Draft", "submitted: BudgetReview", "reopened: BudgetReview version 2, history valid: True");
        File.Exists(database).Should().BeTrue();
        var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().Contain($"\"MarketingWorkflows/{packages.Version}\"").And.Contain($"\"MarketingWorkflows.Sqlite/{packages.Version}\"", "the project restored the packed packages");
    }

    [Fact]
    public async Task The_mwf_tool_installs_from_its_package_and_validates_a_definition()
    {
        var folder = packages.NewFolder("tool");
        await WriteFreshFolderAsync(folder);
        var tools = Path.Combine(folder, "tools");
        var environment = FreshEnvironment(folder);

        var (installed, installOutput) = await DotnetCli.RunAsync(folder, environment, TimeSpan.FromMinutes(2),
            "tool", "install", "MarketingWorkflows.Cli", "--version", packages.Version, "--tool-path", tools);
        installed.Should().Be(0, installOutput);

        var definition = Path.Combine(packages.RepositoryRoot, "docs", "examples", "campaign-approval.yaml");
        var (exitCode, output) = await DotnetCli.RunAsync(Path.Combine(tools, "mwf"), folder, environment, TimeSpan.FromMinutes(1), "validate", definition);
        exitCode.Should().Be(0, output);
        output.Should().Contain("campaign-approval.yaml: valid (campaign-approval v1, 14 states)");
    }

    private XElement Metadata(string id) => packages.Nuspec(id).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static XElement Element(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

    private string PinnedVersion(string id)
        => XDocument.Load(Path.Combine(packages.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion").Single(e => e.Attribute("Include")!.Value == id).Attribute("Version")!.Value;

    /// <summary>
    /// Makes a folder look like a user's: none of the repository's build settings reach it, and
    /// its packages come from the machine's usual NuGet sources plus the packed folder.
    /// </summary>
    private async Task WriteFreshFolderAsync(string folder)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file), "<Project />\n");
        }

        // Packages already on this machine are read from its global folder, so the restore needs
        // the network only for what is missing there.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(machinePackages) ? $"""<fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>""" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{packages.Folder}" />
              </packageSources>
              {fallback}
            </configuration>
            """);
    }

    /// <summary>The packed packages are extracted into a folder of the test's own, never the machine's.</summary>
    private static Dictionary<string, string> FreshEnvironment(string folder) => new() { ["NUGET_PACKAGES"] = Path.Combine(folder, ".nuget-packages") };
}
