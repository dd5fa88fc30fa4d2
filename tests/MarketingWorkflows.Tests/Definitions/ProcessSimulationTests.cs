using System.Text.Json;
using MarketingWorkflows.Definitions.Simulation;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions;

public class ProcessSimulationTests
{
    private static SimulationStep Step(string text)
    {
        SimulationStep.TryParse(text, 1, out var step, out var error).Should().BeTrue(error);
        return step;
    }

    private static ProcessSimulation ContentReview()
    {
        var definition = YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath("content-review.yaml")).GetDefinitionOrThrow();
        var data = JsonDocument.Parse("""
            { "title": "Spring email", "owner": "ana", "assetType": "email", "assetVersion": { "number": 1, "uri": "https://cdn/x" } }
            """).RootElement;
        definition.ValidateData(data).Should().BeEmpty();
        return new ProcessSimulation(definition, data, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Review_decisions_roll_up_worst_wins_and_need_every_group()
    {
        var simulation = ContentReview();
        simulation.Apply(Step("SubmitForReview by ana (author)")).To.Should().Be("InReview");

        simulation.Apply(Step("""Review by bo (brand) with {"decision": "approved-with-changes"}""")).To.Should().Be("InReview", "legal has not decided");
        simulation.Apply(Step("""Review by lu (legal) with {"decision": "not-relevant"}""")).To.Should().Be("InReview", "not-relevant does not count");
        simulation.Apply(Step("""Review by li (legal) with {"decision": "approved"}""")).To.Should().Be("Approved");
    }

    [Fact]
    public void A_changes_required_review_sends_the_asset_back_and_a_decision_can_be_changed_before_that()
    {
        var simulation = ContentReview();
        simulation.Apply(Step("SubmitForReview by ana (author)"));
        simulation.Apply(Step("""Review by bo (brand) with {"decision": "approved"}"""));
        simulation.Apply(Step("""Review by bo (brand) with {"decision": "changes-required"} -- logo too small""")).To.Should().Be("InReview", "legal has not decided yet");
        var changed = simulation.Apply(Step("""Review by li (legal) with {"decision": "approved"}"""));

        changed.To.Should().Be("ChangesRequired", "the worst decision of the round wins");
        simulation.Apply(Step("""NewVersion by ana (author) with {"assetVersion": {"number": 1, "uri": "s3://a/1"}}""")).Blocked.Should().BeTrue("the version number must go up");
        simulation.Apply(Step("""NewVersion by ana (author) with {"assetVersion": {"number": 2, "uri": "s3://a/2"}}""")).To.Should().Be("InReview");
    }

    [Fact]
    public void Only_approvers_decide_and_arguments_are_checked()
    {
        var simulation = ContentReview();
        simulation.Apply(Step("SubmitForReview by ana (author)"));

        simulation.Apply(Step("""Review by zed (sales) with {"decision": "approved"}""")).Note.Should().Be("zed is not an approver of InReview; approvers: role brand, role legal, fallback role marketing-lead");
        simulation.Apply(Step("""Review by bo (brand) with {"decision": "great"}""")).Note.Should().StartWith("the arguments are not valid: args.decision: 'great' is not one of");
    }

    [Theory]
    [InlineData("audit", "", false, "self-approval, marked for audit; the stage is settled: approved")]
    [InlineData("roles", "vp", false, "self-approval, marked for audit; the stage is settled: approved")]
    [InlineData("roles", "", true, "ana submitted this; in Review only vp may decide on their own submission")]
    public void Self_approval_follows_the_stage_policy(string policy, string extraRole, bool blocked, string note)
    {
        var definition = YamlDefinitions.Loader.Load($$"""
            id: p
            triggers: [ { name: Submit }, { name: Approve } ]
            states:
              - { name: Draft, initial: true, transitions: [ { trigger: Submit, to: Review } ] }
              - name: Review
                approval:
                  approvers: [ { role: manager } ]
                  selfApproval: {{policy}}
                  selfApprovalRoles: [vp]
                  onApproved: Done
              - { name: Done, terminal: true }
            """, "p.yaml").GetDefinitionOrThrow();
        var simulation = new ProcessSimulation(definition, JsonDocument.Parse("{}").RootElement, DateTimeOffset.UnixEpoch);
        simulation.Apply(Step("Submit by ana (manager)"));

        var roles = extraRole.Length == 0 ? "manager" : "manager, " + extraRole;
        var outcome = simulation.Apply(Step($"Approve by ana ({roles})"));

        outcome.Blocked.Should().Be(blocked);
        outcome.Note.Should().Be(note);
    }

    [Fact]
    public void Steps_parse_roles_arguments_and_comments()
    {
        var step = Step("""Reject by carla (legal, brand) with {"reason": "claims"} -- needs a disclaimer""");
        step.Trigger.Should().Be("Reject");
        step.Actor.Should().Be("carla");
        step.Roles.Should().Equal("legal", "brand");
        step.Arguments.GetProperty("reason").GetString().Should().Be("claims");
        step.Comment.Should().Be("needs a disclaimer");
        SimulationStep.TryParse("Reject by carla with [1]", 4, out _, out var error).Should().BeFalse();
        error.Should().Be("line 4: the arguments after 'with' must be a JSON object such as {\"reason\": \"...\"}.");
    }
}
