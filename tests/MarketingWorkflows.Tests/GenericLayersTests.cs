namespace MarketingWorkflows.Tests;

/// <summary>
/// The engine, the stores and the analytics are generic: what a process means — its owner, its
/// measures, its ids and triggers — is declared in its definition, so no source file below
/// Engine/, Instances/, Storage/ or Analytics/, nor in the relational storage package, names a
/// campaign or one of its fields. Comments and XML docs
/// are read too: an example in them would show one process as if it were the only one.
/// </summary>
public class GenericLayersTests
{
    private static readonly string[] Layers = [Path.Combine("MarketingWorkflows", "Engine"), Path.Combine("MarketingWorkflows", "Instances"), Path.Combine("MarketingWorkflows", "Storage"), Path.Combine("MarketingWorkflows", "Analytics"), "MarketingWorkflows.Storage.Relational"];

    private static readonly (string Word, StringComparison Comparison)[] Domain =
    [
        ("campaign", StringComparison.OrdinalIgnoreCase),
        ("budget", StringComparison.Ordinal),
        ("actualSpend", StringComparison.Ordinal),
        ("actualLeads", StringComparison.Ordinal),
        ("actualRevenue", StringComparison.Ordinal),
        ("channels", StringComparison.Ordinal),
        ("regions", StringComparison.Ordinal),
        ("\"owner\"", StringComparison.Ordinal),
        ("\"Submit\"", StringComparison.Ordinal),
    ];

    [Fact]
    public void Engine_storage_and_analytics_name_no_process_field_id_or_trigger()
    {
        var library = Path.Combine(RepositoryRoot(), "src");
        var files = Layers.SelectMany(layer => Directory.EnumerateFiles(Path.Combine(library, layer), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var offences = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .SelectMany(l => Domain.Where(d => l.Text.Contains(d.Word, d.Comparison)).Select(d => $"{Path.GetRelativePath(library, l.File)}:{l.Line}: '{d.Word}' in {l.Text.Trim()}"))
            .ToList();

        files.Should().Contain(f => f.EndsWith("SqlAnalyticsSource.cs", StringComparison.Ordinal), "the scan must reach the layers it guards");
        offences.Should().BeEmpty("a process declares its owner and measures in its definition; the generic layers read them from there");
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
