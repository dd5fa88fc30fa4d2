using MarketingWorkflows.Cli;
using MarketingWorkflows.Tests.Definitions.Files;

namespace MarketingWorkflows.Tests.Cli;

/// <summary><c>mwf validate FOLDER</c> checks the folder's definition files, chosen by the registry's rule.</summary>
public sealed class ValidateFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-cli-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var code = MwfCommand.Run(args, output, new StringWriter(), color: false);
        return (code, output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Validate_checks_the_definitions_of_the_examples_folder_and_skips_their_companions()
    {
        var examples = Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "examples");

        var (code, output) = Run("validate", examples);

        code.Should().Be(0, output);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"{Path.Combine(examples, "campaign-approval.yaml")}: valid (campaign-approval v1, 14 states)",
            $"{Path.Combine(examples, "content-review.yaml")}: valid (content-review v1, 9 states)",
            $"{Path.Combine(examples, "launch-checklist.yaml")}: valid (launch-checklist v1, 9 states)");
    }

    [Fact]
    public void Validate_reports_a_folder_without_definitions()
    {
        File.WriteAllText(Path.Combine(_folder, "spring.data.json"), "{}");

        var (code, output) = Run("validate", _folder);

        code.Should().Be(1);
        output.Should().Contain($"{_folder}: error: the folder holds no definition files").And.Contain("1 error in 1 of 1 file.");
    }

    [Fact]
    public void Validate_reports_a_data_file_in_a_folder_as_not_a_definition()
    {
        File.WriteAllText(Path.Combine(_folder, "spring.json"), """{ "name": "Spring", "owner": "ana" }""");

        var (code, output) = Run("validate", _folder);

        code.Should().Be(1);
        output.Should().Contain($"{Path.Combine(_folder, "spring.json")}:1:1: error MWF104: 'spring.json' is not a process definition");
    }
}
