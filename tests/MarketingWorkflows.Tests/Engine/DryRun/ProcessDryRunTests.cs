using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Engine.DryRun;

public sealed class ProcessDryRunTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ProcessDefinition CampaignExample()
        => YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath("campaign-approval.yaml")).GetDefinitionOrThrow();

    private static ProcessDryRunOptions ExampleOptions() => new()
    {
        Data = JsonDocument.Parse(File.ReadAllText(ExampleDefinitionsTests.ExamplePath("campaign-approval.data.json"))).RootElement,
        StartAt = Monday,
    };

    [Fact]
    public void The_documented_campaign_steps_meet_every_expectation_they_state()
    {
        var steps = File.ReadAllText(ExampleDefinitionsTests.ExamplePath("campaign-approval.steps.txt"));

        var result = ProcessDryRun.Run(CampaignExample(), steps, ExampleOptions());

        result.AllExpectationsMet.Should().BeTrue();
        result.Steps.Count(s => s.Expected is not null).Should().Be(11);
        result.FinalState.Should().Be("Completed");
        result.Finished.Should().BeTrue();
        result.Steps.Should().Contain(s => s.Kind == "After" && s.Note.Contains("deadline-passed", StringComparison.Ordinal));
        result.EndedAt.Should().BeAfter(Monday.AddDays(3).AddHours(-1));
        result.History.Should().NotBeEmpty();
    }

    [Fact]
    public void A_refused_step_says_why_and_changes_nothing()
    {
        var result = ProcessDryRun.Run(CampaignExample(), "Start by ana (marketer)\nSubmit by ana (marketer)\nApprove by ana (marketer, finance) => refused forbidden", ExampleOptions());

        var refused = result.Steps[^1];
        refused.Accepted.Should().BeFalse();
        refused.Code.Should().Be("forbidden");
        refused.MetExpectation.Should().BeTrue();
        refused.From.Should().Be(refused.To);
        refused.Note.Should().Contain("self-approval");
    }

    [Fact]
    public void A_line_that_is_no_step_is_named_and_nothing_runs()
    {
        var act = () => ProcessDryRun.Run(CampaignExample(), "Start by ana (marketer)\nthis is not a step", ExampleOptions());

        act.Should().Throw<ProcessDryRunException>().Which.Problems.Should().ContainSingle().Which.Should().Contain("line 2");
    }

    [Fact]
    public void A_duration_past_what_a_clock_can_hold_is_a_line_that_is_no_step()
    {
        var act = () => ProcessDryRun.Run(CampaignExample(), "Start by ana (marketer)\nafter 99999999d", ExampleOptions());

        act.Should().Throw<ProcessDryRunException>().Which.Problems.Should().ContainSingle().Which.Should().Contain("line 2");
    }

    [Fact]
    public void A_linked_process_is_known_when_its_definitions_are_given()
    {
        var steps = File.ReadAllText(ExampleDefinitionsTests.ExamplePath("campaign-approval.steps.txt"));
        var registry = new ProcessDefinitionRegistry();
        registry.Register(BuiltInProcesses.Get(LaunchChecklist.ProcessId));

        var result = ProcessDryRun.Run(CampaignExample(), steps, ExampleOptions() with { Definitions = registry });

        result.AllExpectationsMet.Should().BeTrue();
        result.FinalState.Should().Be("Completed");
    }

    [Fact]
    public void Time_passing_beyond_the_calendar_is_a_problem_of_the_steps()
    {
        var act = () => ProcessDryRun.Run(CampaignExample(), "Start by ana (marketer)\nafter 60d", ExampleOptions() with { StartAt = DateTimeOffset.MaxValue.AddDays(-30) });

        act.Should().Throw<ProcessDryRunException>().Which.Problems.Should().ContainSingle().Which.Should().Contain("line 2");
    }
}
