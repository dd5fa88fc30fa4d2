using System.Text.RegularExpressions;

namespace MarketingWorkflows.Tests.Conventions;

/// <summary>
/// One public type per file, and the file named after it (Polly's SA1402), so a reader finds a
/// type by its name. Every source file uses a file-scoped namespace, so a declaration at the start
/// of a line is a top-level type; a nested type is part of its outer type and is not counted.
/// </summary>
public partial class OneTypePerFileTests
{
    [Fact]
    public void Every_source_file_holds_at_most_one_public_type()
    {
        var sources = Sources();

        var offences = sources
            .Where(s => s.Types.Count > 1)
            .Select(s => $"{s.Path}: {string.Join(", ", s.Types)}")
            .ToList();

        sources.Should().Contain(s => s.Path == "MarketingWorkflows/StateMachines/StateMachine.cs", "the scan must reach every project under src");
        offences.Should().BeEmpty("each public type goes to its own file named after it");
    }

    [Fact]
    public void A_file_holding_one_public_type_is_named_after_it()
    {
        // Foo.cs holds Foo; Foo.Part.cs holds a part of the partial Foo; a generic Foo<T> is in Foo.cs.
        var offences = Sources()
            .Where(s => s.Types.Count == 1 && s.Types[0] != Path.GetFileName(s.Path).Split('.')[0])
            .Select(s => $"{s.Path}: {s.Types[0]}")
            .ToList();

        offences.Should().BeEmpty("a reader finds a type by opening the file of that name");
    }

    [Theory]
    [InlineData("namespace N;\n\npublic sealed class A\n{\n    public enum Nested { X }\n}\n", "A")]
    [InlineData("namespace N;\n\n/// <summary>Doc.</summary>\npublic enum Kind\n{\n    One,\n}\n\npublic readonly record struct Point(int X);\n", "Kind,Point")]
    [InlineData("namespace N;\n\npublic partial class Machine<TState, TTrigger>\n{\n    public class Transition\n    {\n    }\n}\n", "Machine")]
    [InlineData("namespace N;\n\npublic delegate Task Handler<T>(T value);\n\npublic static partial class Tools;\n", "Handler,Tools")]
    [InlineData("namespace N;\n\ninternal sealed class Helper;\n\ninternal enum Mode { A }\n", "")]
    public void Only_top_level_public_types_are_counted(string source, string expected)
    {
        string.Join(",", PublicTypes(source)).Should().Be(expected);
    }

    [GeneratedRegex(@"^public\s+(?:(?:sealed|static|abstract|readonly|partial|unsafe|ref|record)\s+)*(?:class|struct|record|interface|enum)\s+(?<name>\w+)|^public\s+delegate\s+.+?\s(?<name>\w+)\s*[<(]", RegexOptions.Multiline)]
    private static partial Regex TopLevelPublicType();

    private static List<string> PublicTypes(string source)
        => TopLevelPublicType().Matches(source.ReplaceLineEndings("\n")).Select(m => m.Groups["name"].Value).ToList();

    private static List<(string Path, List<string> Types)> Sources()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(src, f).Replace(separator, '/'), Types: PublicTypes(File.ReadAllText(f))))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
