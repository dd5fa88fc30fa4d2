using System.Runtime.CompilerServices;
using System.Text.Json;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>The example definitions in docs/examples load, appear verbatim in docs/definitions.md, and behave as described.</summary>
public class ExampleDefinitionsTests
{
    public static readonly TheoryData<string> Examples = new(["campaign-approval.yaml", "content-review.yaml", "launch-checklist.yaml"]);

    internal static string RepositoryRoot([CallerFilePath] string path = "")
    {
        var directory = Path.GetDirectoryName(path);
        while (directory is not null && !File.Exists(Path.Combine(directory, "MarketingWorkflows.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("The repository root was not found above " + path);
    }

    internal static string ExamplePath(string name) => Path.Combine(RepositoryRoot(), "docs", "examples", name);

    /// <summary>The sample host's definition whose guard calls its <c>budgetLeft(region)</c> function.</summary>
    internal static string RegionalCampaignPath => Path.Combine(RepositoryRoot(), "samples", "MarketingWorkflows.Api", "Definitions", "regional-campaign.yaml");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_loads_without_problems(string name)
    {
        var result = YamlDefinitions.Loader.LoadFile(ExamplePath(name));
        result.Errors.Should().BeEmpty();
        result.Definition!.Id.Should().Be(Path.GetFileNameWithoutExtension(name));
        result.Definition.Compile().Machine.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_the_built_in_process_written_in_yaml(string name)
    {
        var example = YamlDefinitions.Loader.LoadFile(ExamplePath(name)).GetDefinitionOrThrow();
        var builtIn = MarketingWorkflows.Processes.BuiltInProcesses.Get(example.Id);

        example.ToJson().Should().Be(builtIn.ToJson(), "docs/examples/{0} shows the built-in process as an ops team would write it", name);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_appears_verbatim_in_the_reference(string name)
    {
        var reference = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "definitions.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(ExamplePath(name)).ReplaceLineEndings("\n");
        reference.Should().Contain("```yaml\n" + example + "```", "docs/definitions.md shows docs/examples/{0} in full; copy the file into it", name);
    }

    [Fact]
    public void Every_whole_definition_shown_in_the_reference_loads()
    {
        var reference = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "definitions.md")).ReplaceLineEndings("\n");
        var blocks = System.Text.RegularExpressions.Regex.Matches(reference, "```(yaml|json)\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => (Syntax: m.Groups[1].Value, Text: m.Groups[2].Value))
            .Where(b => b.Text.StartsWith("id:", StringComparison.Ordinal) || b.Text.StartsWith('#') || b.Text.StartsWith("{\n  \"id\"", StringComparison.Ordinal))
            .ToArray();

        blocks.Should().HaveCountGreaterThanOrEqualTo(5);
        foreach (var (syntax, text) in blocks)
        {
            var result = YamlDefinitions.Loader.Load(text, "reference." + syntax);
            result.Errors.Should().BeEmpty("this {0} block of docs/definitions.md should load:\n{1}", syntax, text);
        }
    }

    [Theory]
    [InlineData(2_000, "[\"US\"]", "[\"search\"]", "business", "Approved")]
    [InlineData(20_000, "[\"US\"]", "[\"search\"]", "business", "BudgetReview")]
    [InlineData(2_000, "[\"US\", \"EU\"]", "[\"search\"]", "business", "LegalReview")]
    [InlineData(2_000, "[\"US\"]", "[\"sms\"]", "consumer", "LegalReview")]
    [InlineData(2_000, "[\"US\"]", "[\"sms\"]", "business", "Approved")]
    public void Campaign_routing_follows_budget_region_and_channel(decimal budget, string regions, string channels, string audience, string expected)
    {
        var process = YamlDefinitions.Loader.LoadFile(ExamplePath("campaign-approval.yaml")).GetDefinitionOrThrow().Compile();
        var data = JsonDocument.Parse($$"""
            { "name": "Spring", "owner": "ana", "budget": { "amount": {{budget}}, "currency": "EUR" },
              "regions": {{regions}}, "channels": {{channels}}, "audience": "{{audience}}" }
            """).RootElement;
        process.Definition.ValidateData(data).Should().BeEmpty();
        var state = "Draft";
        var machine = process.CreateMachine(() => state, s => state = s);

        machine.Fire(process.GetTrigger("Submit"), new ExpressionContext(data, default, DateTimeOffset.UnixEpoch));

        state.Should().Be(expected);
    }
}
