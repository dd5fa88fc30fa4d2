using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using MarketingWorkflows.Tests.Definitions.Files;

namespace MarketingWorkflows.Tests.Packaging;

/// <summary>
/// Packs every shipped package once, as a release would (Release, a CI build, symbols), into a
/// temporary folder, under a version no other run uses so no NuGet cache can serve a stale copy.
/// Build output goes to the temporary folder too, so the repository's own bin/ and obj/ are untouched.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>The package ids the repository ships: the library, its stores, YAML, and the mwf tool.</summary>
    public static readonly string[] ShippedIds = ["MarketingWorkflows", "MarketingWorkflows.Yaml", "MarketingWorkflows.Storage.Relational", "MarketingWorkflows.Sqlite", "MarketingWorkflows.PostgreSql", "MarketingWorkflows.Cli"];

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mwf-packages-");

    public string RepositoryRoot { get; } = ExampleDefinitionsTests.RepositoryRoot();

    /// <summary>Gets a version of the 0.0.0-test.* series that is new with every run.</summary>
    public string Version { get; } = string.Create(CultureInfo.InvariantCulture, $"0.0.0-test.{TimeProvider.System.GetUtcNow():yyyyMMddHHmmss}.{Environment.ProcessId}");

    /// <summary>Gets the folder the .nupkg and .snupkg files are in: a package source.</summary>
    public string Folder => Path.Combine(_root.FullName, "packages");

    /// <summary>Gets what the pack printed, for the failure messages of the tests.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    /// <summary>Gets the repository address stated once for every package (Directory.Build.props).</summary>
    public string RepositoryUrl => XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;

    public string PackagePath(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    public string SymbolsPath(string id) => Path.Combine(Folder, $"{id}.{Version}.snupkg");

    /// <summary>Gets a new empty folder under the temporary one, outside the repository.</summary>
    public string NewFolder(string name) => _root.CreateSubdirectory(name).FullName;

    /// <summary>Reads the nuspec of a packed package.</summary>
    public XDocument Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(PackagePath(id));
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    public async Task InitializeAsync()
    {
        // A solution filter with the packable projects of src/: one pack command for all of them.
        var projects = Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => XDocument.Load(p).Descendants("IsPackable").Any(e => e.Value == "true"))
            .Select(p => Path.GetRelativePath(RepositoryRoot, p))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var filter = Path.Combine(_root.FullName, "shipped.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new { solution = new { path = Path.Combine(RepositoryRoot, "MarketingWorkflows.sln"), projects } }));

        var (exitCode, output) = await DotnetCli.RunAsync(_root.FullName, new Dictionary<string, string>(), TimeSpan.FromMinutes(5),
            "pack", filter, "-c", "Release", "--artifacts-path", Path.Combine(_root.FullName, "artifacts"), "--disable-build-servers",
            $"-p:PackageOutputPath={Folder}", $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true");
        PackOutput = output;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack exited with {exitCode}:\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
