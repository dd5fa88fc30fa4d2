using MarketingWorkflows.Cli;
using MarketingWorkflows.Tests.Definitions.Files;

namespace MarketingWorkflows.Tests.Cli;

public sealed class MwfCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MwfCommand.Run(args, output, error, color: false);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    private static string Example(string name) => ExampleDefinitionsTests.ExamplePath(name);

    private static string Broken(string name) => Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "tests", "MarketingWorkflows.Tests", "Definitions", "Files", "Broken", name);

    [Fact]
    public void Validate_exits_zero_for_valid_files()
    {
        var (code, output, _) = Run("validate", Example("campaign-approval.yaml"), Example("content-review.yaml"), Example("launch-checklist.yaml"));
        code.Should().Be(0);
        output.Should().Contain("campaign-approval.yaml: valid (campaign-approval v1, 14 states)");
    }

    [Fact]
    public void Validate_prints_problems_the_way_editors_read_them_and_exits_one()
    {
        var file = Broken("unknown-state.yaml");
        var (code, output, _) = Run("validate", Example("content-review.yaml"), file);

        code.Should().Be(1);
        output.Split('\n').Should().Contain($"{file}:14:33: error MWF201: There is no state 'Aproved'. Did you mean 'Approved'? (states[1].transitions[0].to)");
        output.Should().Contain("1 error in 1 of 2 files.");
        output.Should().NotContain("\u001b[", "colours are only for terminals");
    }

    [Fact]
    public void Validate_reports_a_missing_file_as_an_error()
    {
        var (code, output, _) = Run("validate", Path.Combine(_folder, "missing.yaml"));
        code.Should().Be(1);
        output.Should().Contain("error MWF101: The file").And.Contain("does not exist");
    }

    [Fact]
    public void Colours_are_used_when_asked_for()
    {
        var output = new StringWriter();
        MwfCommand.Run(["validate", Broken("unknown-state.yaml")], output, new StringWriter(), color: true);
        output.ToString().Should().Contain("\u001b[31merror\u001b[0m");
    }

    [Fact]
    public void Diagram_writes_mermaid_by_default_and_dot_on_request()
    {
        var (code, output, _) = Run("diagram", Example("campaign-approval.yaml"));
        code.Should().Be(0);
        output.Should().StartWith("stateDiagram-v2").And.Contain("Draft --> Decision1 : Submit\n").And.Contain("Decision1 --> BudgetReview : if budget.amount >= 10000\n").And.Contain("Decision1 --> Approved : else\n")
            .And.Contain("ExecutiveApproval --> Approved : Approve (all of owner.manager, cmo)\n").And.NotContain("stage.");

        var path = Path.Combine(_folder, "campaign.dot");
        Run("diagram", Example("campaign-approval.yaml"), "--format", "dot", "--out", path).Code.Should().Be(0);
        File.ReadAllText(path).Should().StartWith("digraph").And.Contain("a reason of at least five characters is given");
    }

    [Fact]
    public void Diagram_of_a_broken_file_prints_its_errors()
    {
        var (code, _, error) = Run("diagram", Broken("unknown-state.yaml"));
        code.Should().Be(1);
        error.Should().Contain("error MWF201");
    }

    [Fact]
    public void Simulate_prints_transitions_refused_steps_time_passing_and_the_history()
    {
        var (code, output, error) = Run("simulate", Example("campaign-approval.yaml"),
            "--data", Example("campaign-approval.data.json"),
            "--steps", Example("campaign-approval.steps.txt"),
            "--now", "2026-11-23T09:00:00Z");

        error.Should().BeEmpty();
        code.Should().Be(0);
        output.Should().Contain("  2. Submit by ana: Draft -> BudgetReview (Draft -> BudgetReview)\n");
        output.Should().Contain("  3. Approve by ana: refused (forbidden): ana submitted this round and may not decide on it: self-approval is forbidden in 'BudgetReview'\n");
        output.Should().Contain("  4. Approve by fin: BudgetReview -> LegalReview (decision recorded: approved, the stage is settled: LegalReview)\n");
        output.Should().Contain("  5. RequestChanges by lea: refused (validation-failed): 'RequestChanges' needs a comment saying why.\n");
        output.Should().Contain("  7. Schedule by ana: refused (not-permitted): 'Schedule' cannot be fired in 'ChangesRequested'; allowed here: Resubmit, Cancel\n");
        output.Should().Contain(" 10. after 3d: stays in LegalReview (reminder; deadline-passed (Escalate); reminder)\n");
        output.Should().Contain(" 16. Launch by ops: refused (not-permitted): no launch-checklist is linked to this campaign-approval; link one that is Scheduled or Launched\n");
        output.Should().Contain(" 18. Launch by ops: Scheduled -> Live (Scheduled -> Live)\n");
        output.Should().Contain("Final state: Completed (terminal)\n");
        output.Should().Contain("expectations: 11 met, 0 not met.");
        output.Should().Contain("lea RequestChanges (changes-required): LegalReview -> ChangesRequested \"The EU disclaimer is missing\"");
    }

    [Fact]
    public void Simulate_exits_non_zero_when_a_step_does_not_turn_out_as_expected()
    {
        var steps = Path.Combine(_folder, "steps.txt");
        File.WriteAllText(steps, "Submit by ana (marketer) => accepted\nApprove by ana (finance) => accepted\nApprove by fin (finance) => refused\n");
        var (code, output, error) = Run("simulate", Example("campaign-approval.yaml"), "--data", Example("campaign-approval.data.json"), "--steps", steps, "--now", "2026-11-23T09:00:00Z");

        code.Should().Be(1);
        error.Should().Contain($"{steps}:2: error: expected accepted, but it was refused (forbidden): ana submitted this round");
        error.Should().Contain($"{steps}:3: error: expected refused, but it was accepted");
        output.Should().Contain("expectations: 1 met, 2 not met.");
    }

    [Fact]
    public void Simulate_refuses_data_that_fails_the_schema_and_steps_it_cannot_read()
    {
        var data = Path.Combine(_folder, "data.json");
        var steps = Path.Combine(_folder, "steps.txt");
        File.WriteAllText(data, """{ "name": "x", "owner": "ana", "budget": { "amount": -1, "currency": "EUR" } }""");
        File.WriteAllText(steps, "Submit by ana (marketer)\n");
        var bad = Run("simulate", Example("campaign-approval.yaml"), "--data", data, "--steps", steps);
        bad.Code.Should().Be(1);
        bad.Error.Should().Contain("budget.amount: -1 is less than the minimum 0.");

        File.WriteAllText(data, """{ "name": "x", "owner": "ana", "budget": { "amount": 1, "currency": "EUR" } }""");
        File.WriteAllText(steps, "Submit ana\nApprove by fin (finance\n");
        var unreadable = Run("simulate", Example("campaign-approval.yaml"), "--data", data, "--steps", steps);
        unreadable.Code.Should().Be(1);
        unreadable.Error.Should().Contain("line 1: expected 'Trigger by user (role, role) [for delegator] [with {json arguments}] [-- comment] [=> accepted | => refused code]', 'after 3d', 'linked process in State' or 'delegate user to user (roles)', found 'Submit ana'.")
            .And.Contain("line 2: the roles must be one parenthesised list after the user");
    }

    [Fact]
    public void New_approval_writes_a_starter_that_validates_and_never_overwrites_silently()
    {
        var path = Path.Combine(_folder, "event-approval.yaml");
        Run("new", "approval", "event-approval", "--out", path).Code.Should().Be(0);
        Run("validate", path).Code.Should().Be(0);

        var again = Run("new", "approval", "event-approval", "--out", path);
        again.Code.Should().Be(1);
        again.Error.Should().Contain("already exists");
        Run("new", "approval", "Event Approval", "--out", path).Error.Should().Contain("is not a process id");
        Run("new", "approval", "event-approval", "--out", path, "--force").Code.Should().Be(0);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("diagram")]
    [InlineData("simulate")]
    [InlineData("new")]
    public void Every_command_has_help(string command)
    {
        var (code, output, _) = Run(command, "--help");
        code.Should().Be(0);
        output.Should().Contain("Usage:").And.Contain(" " + command + " ");
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error()
    {
        var (code, _, error) = Run("validate");
        code.Should().NotBe(0);
        error.Should().Contain("Required argument 'FILE' missing");
    }
}
