namespace MarketingWorkflows.Tests.PublicApi;

/// <summary>
/// Time comes from an injected TimeProvider, never from the clock directly; the banned-symbols
/// analyzer is not available here, so this test reads the sources instead.
/// </summary>
public class BannedSymbolsTests
{
    private static readonly string[] Banned = ["DateTime.Now", "DateTime.UtcNow", "DateTimeOffset.Now", "DateTimeOffset.UtcNow", ".Result;", ".Wait()", "GetAwaiter().GetResult()"];

    [Fact]
    public void Library_sources_use_no_clock_and_no_sync_over_async()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var offences = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => Banned.Any(b => l.Text.Contains(b, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(src, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        offences.Should().BeEmpty("library code takes time from TimeProvider and never blocks on a task");
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
