using System.Runtime.CompilerServices;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>
/// Every file under Broken/ must produce exactly the errors in its .expected twin, one per
/// line, formatted as editors read them. After an intended change to a message, run the tests
/// with MWF_ACCEPT_CORPUS=1 to rewrite the .expected files, and review the diff.
/// </summary>
public class BrokenFileCorpusTests
{
    public static TheoryData<string> Files() => new(Names());

    private static string[] Names()
        => Directory.EnumerateFiles(Folder())
            .Where(f => !f.EndsWith(".expected", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void The_corpus_holds_at_least_thirty_broken_files_in_both_syntaxes()
    {
        var files = Names();
        files.Should().HaveCountGreaterThanOrEqualTo(30);
        files.Should().Contain(f => f.EndsWith(".json", StringComparison.Ordinal)).And.Contain(f => f.EndsWith(".yaml", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Broken_file_produces_exactly_its_expected_errors(string file)
    {
        var path = Path.Combine(Folder(), file);
        var result = YamlDefinitions.Loader.Load(File.ReadAllText(path), file);
        var actual = string.Join("\n", result.Errors) + "\n";
        var expectedPath = path + ".expected";

        if (Environment.GetEnvironmentVariable("MWF_ACCEPT_CORPUS") == "1")
        {
            File.WriteAllText(expectedPath, actual);
        }

        result.Succeeded.Should().BeFalse("{0} is broken on purpose", file);
        File.Exists(expectedPath).Should().BeTrue("{0} needs its expected errors checked in", file);
        actual.Should().Be(File.ReadAllText(expectedPath));
    }

    private static string Folder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Broken");
}
