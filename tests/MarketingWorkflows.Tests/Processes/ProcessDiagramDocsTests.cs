using System.Text.RegularExpressions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Processes;

/// <summary>docs/processes.md shows each built-in process's diagram as generated from its definition; run with MWF_ACCEPT_DOCS=1 to refresh them.</summary>
public sealed partial class ProcessDiagramDocsTests
{
    public static TheoryData<string> Processes => [CampaignApproval.ProcessId, ContentReview.ProcessId, LaunchChecklist.ProcessId];

    [Theory]
    [MemberData(nameof(Processes))]
    public void Checked_in_diagram_matches_the_definition(string processId)
    {
        var path = Path.Combine(MarketingWorkflows.Tests.Definitions.Files.ExampleDefinitionsTests.RepositoryRoot(), "docs", "processes.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var definition = BuiltInProcesses.Get(processId);
        var expected = ProcessDiagram.ToMermaid(definition).ReplaceLineEndings("\n").TrimEnd();
        var block = Block(processId);
        var match = block.Match(text);
        match.Success.Should().BeTrue($"docs/processes.md needs a block between <!-- diagram: {processId} --> and <!-- end diagram -->");

        if (Environment.GetEnvironmentVariable("MWF_ACCEPT_DOCS") == "1")
        {
            text = block.Replace(text, $"<!-- diagram: {processId} -->\n```mermaid\n{expected}\n```\n<!-- end diagram -->");
            File.WriteAllText(path, text);
            return;
        }

        match.Groups["body"].Value.TrimEnd().Should().Be(expected, "the diagram in docs/processes.md is generated from the definition; run the tests with MWF_ACCEPT_DOCS=1 to refresh it");
    }

    private static Regex Block(string processId)
        => new($"<!-- diagram: {Regex.Escape(processId)} -->\\n```mermaid\\n(?<body>.*?)```\\n<!-- end diagram -->", RegexOptions.Singleline);
}
