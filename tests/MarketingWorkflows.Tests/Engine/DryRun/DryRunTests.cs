using System.Text.Json;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;
using DryRunStep = MarketingWorkflows.Engine.DryRun.DryRunStep;
using Run = MarketingWorkflows.Engine.DryRun.DryRun;

namespace MarketingWorkflows.Tests.Engine.DryRun;

public class DryRunTests
{
    private static readonly DateTimeOffset Monday = EngineHarness.Monday;

    private static DryRunStep Step(string text)
    {
        DryRunStep.TryParse(text, 1, out var step, out var error).Should().BeTrue(error);
        return step;
    }

    private static Run AssetRequest(string owner = "olga") =>
        new(AssetRequestProcess.Create(), JsonSerializer.SerializeToElement(new { title = "Spring banner", owner }), Monday, managers: new Dictionary<string, string> { ["olga"] = "mike" });

    private static Run ContentReview()
    {
        var definition = YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath("content-review.yaml")).GetDefinitionOrThrow();
        var data = JsonDocument.Parse("""
            { "title": "Spring email", "owner": "ana", "assetType": "email", "assetVersion": { "number": 1, "uri": "https://cdn/x" } }
            """).RootElement;
        return new Run(definition, data, Monday);
    }

    [Fact]
    public void A_trigger_that_sets_data_changes_what_later_guards_see()
    {
        var run = AssetRequest();
        run.Apply(Step("Start by ana (requester)"));

        run.Apply(Step("""Recycle by ana (requester) with {"recycleReason": "wrong size"}""")).Refused.Should().BeFalse();
        var second = run.Apply(Step("""Recycle by ana (requester) with {"recycleReason": "again"}"""));

        second.Code.Should().Be("not-permitted");
        second.Note.Should().Be("recycleReason == null does not hold");
        run.Instance!.Data.GetProperty("recycleReason").GetString().Should().Be("wrong size");
    }

    [Fact]
    public void Only_the_submitter_may_fire_a_submitter_only_trigger()
    {
        var run = AssetRequest();
        run.Apply(Step("Submit by ana (requester)"));

        var other = run.Apply(Step("Withdraw by ben (requester)"));

        other.Code.Should().Be("forbidden");
        other.Note.Should().Be("only ana, who submitted it, may fire 'Withdraw'");
        run.Apply(Step("Withdraw by ana (requester)")).To.Should().Be("Draft");
    }

    [Fact]
    public void Time_passing_fires_reminders_then_the_deadline_escalates_and_the_fallback_may_decide()
    {
        var run = AssetRequest();
        run.Apply(Step("Submit by ana (requester)"));
        run.Apply(Step("Approve by hugo (head)")).Code.Should().Be("forbidden", "the fallback decides only once the stage is escalated");

        var waited = run.Apply(Step("after 9h"));

        waited.Entries.Select(e => e.Decision).Should().Equal("reminder", "deadline-passed");
        run.Now.Should().Be(Monday.AddHours(9));
        run.Instance!.EscalatedAt.Should().Be(Monday.AddHours(8));
        run.Apply(Step("Approve by hugo (head)")).To.Should().Be("Approved", "the escalated stage's fallback role stands in for every approver");
    }

    [Fact]
    public void A_relative_approver_is_resolved_through_the_managers_given()
    {
        var run = AssetRequest();
        run.Apply(Step("Submit by ana (requester)"));
        run.Apply(Step("Approve by lea (lead)"));
        run.Apply(Step("Approve by max")).Code.Should().Be("forbidden");

        run.Apply(Step("Approve by mike")).To.Should().Be("Approved");

        var unknown = new Run(AssetRequestProcess.Create(), JsonSerializer.SerializeToElement(new { title = "Banner", owner = "zoe" }), Monday);
        unknown.Apply(Step("Submit by ana (requester)"));
        unknown.Apply(Step("Approve by lea (lead)"));
        unknown.Apply(Step("Approve by hugo (head)")).To.Should().Be("Approved", "a manager nobody knows resolves to the fallback role");
    }

    [Fact]
    public void A_delegate_decides_for_the_delegator_only_under_a_delegation()
    {
        var run = AssetRequest();
        run.Apply(Step("Submit by ana (requester)"));
        run.Apply(Step("Approve by bo for lea")).Code.Should().Be("forbidden");

        run.Apply(Step("delegate lea to bo (lead)"));
        var decided = run.Apply(Step("Approve by bo for lea"));

        decided.Refused.Should().BeFalse(decided.Note);
        decided.Entries.Single().OnBehalfOf.Should().Be("lea");
    }

    [Fact]
    public void Review_decisions_roll_up_worst_wins_and_need_every_group()
    {
        var run = ContentReview();
        run.Apply(Step("SubmitForReview by ana (author)")).To.Should().Be("InReview");

        run.Apply(Step("""Review by bo (brand) with {"decision": "approved-with-changes"}""")).To.Should().Be("InReview", "legal has not decided");
        run.Apply(Step("""Review by lu (legal) with {"decision": "not-relevant"}""")).To.Should().Be("InReview", "not-relevant does not count");
        run.Apply(Step("""Review by li (legal) with {"decision": "approved"}""")).To.Should().Be("Approved");
    }

    [Fact]
    public void Checklist_items_are_done_in_order_by_their_owners()
    {
        var definition = YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath("launch-checklist.yaml")).GetDefinitionOrThrow();
        var run = new Run(definition, JsonSerializer.SerializeToElement(new { campaignId = "c1", owner = "ana", launchAt = Monday.AddDays(20) }), Monday);
        run.Apply(Step("Start by otto (ops-lead)"));

        run.Apply(Step("Complete:copy by cole (content)")).Note.Should().Be("'copy' (Final copy) depends on 'brief', not done yet");
        run.Apply(Step("Complete:brief by cole (content)")).Code.Should().Be("forbidden");
        run.Apply(Step("Complete:brief by mara (marketer)")).Refused.Should().BeFalse();
        run.Apply(Step("Waive:legal by otto (ops-lead)")).Note.Should().Contain("needs a comment");
    }

    [Fact]
    public void Expectations_say_whether_a_step_turned_out_as_written()
    {
        var run = AssetRequest();
        run.Apply(Step("Submit by ana (requester) => accepted")).MetExpectation.Should().BeTrue();
        run.Apply(Step("Approve by ana (lead) => refused forbidden")).MetExpectation.Should().BeTrue("self-approval is forbidden");
        run.Apply(Step("Approve by lea (lead) => refused")).MetExpectation.Should().BeFalse();
        run.Apply(Step("Approve by lea (lead) => refused not-permitted")).MetExpectation.Should().BeTrue("lea already decided in this round");
    }

    [Fact]
    public void Steps_parse_roles_delegation_arguments_comments_and_expectations()
    {
        var step = Step("""Reject by carla (legal, brand) for lea with {"reason": "claims"} -- needs a disclaimer => refused forbidden""");
        step.Name.Should().Be("Reject");
        step.Actor.Should().Be("carla");
        step.Roles.Should().Equal("legal", "brand");
        step.OnBehalfOf.Should().Be("lea");
        step.Arguments.GetProperty("reason").GetString().Should().Be("claims");
        step.Comment.Should().Be("needs a disclaimer");
        step.Expect.Should().Be(new MarketingWorkflows.Engine.DryRun.DryRunExpectation(false, "forbidden"));
        Step("after 36h").Duration.Should().Be(TimeSpan.FromHours(36));
        Step("linked launch-checklist in Scheduled").State.Should().Be("Scheduled");

        DryRunStep.TryParse("Reject by carla with [1]", 4, out _, out var error).Should().BeFalse();
        error.Should().Be("line 4: the arguments after 'with' must be a JSON object such as {\"reason\": \"...\"}.");
        DryRunStep.TryParse("after soon", 5, out _, out error).Should().BeFalse();
        error.Should().StartWith("line 5: 'soon' is not a duration");
        DryRunStep.TryParse("after 3d => accepted", 6, out _, out error).Should().BeFalse();
        error.Should().Be("line 6: only commands have an expected outcome.");
    }
}
