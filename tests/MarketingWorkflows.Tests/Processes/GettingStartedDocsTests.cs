using MarketingWorkflows.Tests.Definitions.Files;

namespace MarketingWorkflows.Tests.Processes;

public sealed class GettingStartedDocsTests
{
    [Fact]
    public void Getting_started_shows_the_console_sample_as_it_is()
    {
        var root = ExampleDefinitionsTests.RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "getting-started.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(root, "samples", "MarketingWorkflows.ConsoleSample", "Program.cs")).ReplaceLineEndings("\n").TrimEnd();

        doc.Should().Contain("```csharp\n" + sample + "\n```", "docs/getting-started.md shows samples/MarketingWorkflows.ConsoleSample/Program.cs whole; copy the sample into it after changing either");
    }
}
