using MarketingWorkflows.Cli;
using MarketingWorkflows.Tests.Definitions.Files;

namespace MarketingWorkflows.Tests.Cli;

public sealed class DiffCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-diff-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Example => ExampleDefinitionsTests.ExamplePath("campaign-approval.yaml");

    private static (int Code, string Output, string Error) Run(bool color, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MwfCommand.Run(args, output, error, color);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    private string Changed(string name, Func<string, string> edit)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, edit(File.ReadAllText(Example)));
        return path;
    }

    [Fact]
    public void Diff_of_the_same_definition_says_no_changes_and_exits_zero()
    {
        var json = Path.Combine(_folder, "campaign-approval.json");
        File.WriteAllText(json, MarketingWorkflows.Yaml.YamlDefinitions.Loader.LoadFile(Example).Definition!.ToJson());

        var (code, output, _) = Run(false, "diff", Example, json);

        code.Should().Be(0, "the YAML file and its JSON form say the same thing");
        output.Should().Be("campaign-approval v1 → campaign-approval v1: no changes\n");
    }

    [Fact]
    public void Diff_prints_the_changes_by_area_and_exits_one()
    {
        var v2 = Changed("v2.yaml", text => text
            .Replace("version: 1", "version: 2", StringComparison.Ordinal)
            .Replace("- { name: Launch, roles: [ops-lead] }", "- { name: Launch, roles: [ops-lead, cmo] }", StringComparison.Ordinal)
            .Replace("deadline: { businessDays: 2, remindBefore: [4h], remindAfter: [1d], onTimeout: Escalate }", "deadline: { businessDays: 3, remindBefore: [4h], remindAfter: [1d], onTimeout: Escalate }", StringComparison.Ordinal));

        var (code, output, _) = Run(false, "diff", Example, v2);

        code.Should().Be(1);
        output.Should().StartWith("campaign-approval v1 → campaign-approval v2: 4 changes\n");
        output.Should().Contain("Roles:\n  ~ trigger Launch roles: ops-lead → ops-lead, cmo\n");
        output.Should().Contain("Deadlines:\n  ~ BudgetReview deadline after: 2 business days → 3 business days\n  ~ LegalReview deadline after: 2 business days → 3 business days\n  ~ ExecutiveApproval deadline after: 2 business days → 3 business days\n");
        output.Should().NotContain("\u001b[");
        File.ReadAllText(Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "definitions.md")).ReplaceLineEndings("\n")
            .Should().Contain("```text\n" + output + "```", "docs/definitions.md shows this diff as the tool prints it");
    }

    [Fact]
    public void Diff_colours_additions_removals_and_changes_on_a_terminal()
    {
        var v2 = Changed("v2.yaml", text => text.Replace("- { name: Launch, roles: [ops-lead] }", "- { name: Launch, roles: [ops-lead, cmo] }", StringComparison.Ordinal));

        Run(true, "diff", Example, v2).Output.Should().Contain("\u001b[33m  ~ trigger Launch roles: ops-lead → ops-lead, cmo\u001b[0m");
    }

    [Fact]
    public void Diff_of_a_file_with_problems_prints_them_and_exits_two()
    {
        var broken = Changed("broken.yaml", text => text.Replace("onApproved: LegalReview", "onApproved: LegalReveiw", StringComparison.Ordinal));

        var (code, output, error) = Run(false, "diff", Example, broken);

        code.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain(broken).And.Contain("error MWF201").And.Contain("Did you mean 'LegalReview'?");
        Run(false, "diff", Path.Combine(_folder, "missing.yaml"), Example).Code.Should().Be(2);
    }

    [Fact]
    public void Diff_has_help()
    {
        var (code, output, _) = Run(false, "diff", "--help");
        code.Should().Be(0);
        output.Should().Contain("FROM").And.Contain("TO").And.Contain("Exits 0 when they say the same thing");
    }
}
