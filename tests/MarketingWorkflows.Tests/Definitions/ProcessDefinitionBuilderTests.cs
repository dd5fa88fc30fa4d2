using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;
using static MarketingWorkflows.Tests.Definitions.SampleProcesses;

namespace MarketingWorkflows.Tests.Definitions;

public class ProcessDefinitionBuilderTests
{
    [Fact]
    public void Builder_produces_the_model_with_enum_names()
    {
        var definition = Campaign();

        definition.Id.Should().Be("campaign-approval");
        definition.Version.Should().Be(1);
        definition.InitialState.Should().Be("Draft");
        definition.States.Select(s => s.Name).Should().Equal(Enum.GetNames<CampaignState>());
        definition.FindState("BudgetReview")!.Approval!.When.Should().Be("budget.amount >= 10000");
        definition.FindState("BudgetReview")!.Deadline!.BusinessDays.Should().Be(2);
        definition.FindState("BudgetReview")!.Deadline!.Reminders.Should().Equal(TimeSpan.FromHours(-4), TimeSpan.FromDays(1));
        definition.FindState("LegalReview")!.Approval!.ApproveRule.Should().Be(ApprovalRule.AtLeast(2));
        definition.FindState("LegalReview")!.Approval!.SelfApproval.Should().Be(SelfApprovalMode.Forbid, "forbid is the default");
        definition.FindTrigger("Cancel")!.CommentRequired.Should().BeTrue();
        definition.FindTrigger("Submit")!.Roles.Should().Equal("marketer");
        definition.Calendar.Should().BeSameAs(WorkingCalendar.Weekdays);
    }

    [Fact]
    public void Compiling_twice_returns_the_same_frozen_machine()
    {
        var definition = Campaign();
        definition.Compile().Should().BeSameAs(definition.Compile());
        var act = () => definition.Compile().Machine.GetInfo("Draft");
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData(5_000, "\"US\"", "\"search\"", "Approved")]
    [InlineData(50_000, "\"US\"", "\"search\"", "BudgetReview")]
    [InlineData(5_000, "\"EU\"", "\"search\"", "LegalReview")]
    [InlineData(5_000, "\"US\"", "\"sms\"", "LegalReview")]
    [InlineData(500_000, "\"US\"", "\"search\"", "BudgetReview")]
    public void Submit_lands_in_the_first_stage_that_applies(decimal budget, string regions, string channels, string expected)
    {
        var process = Campaign().Compile();
        var state = "Draft";
        var machine = process.CreateMachine(() => state, s => state = s);

        machine.Fire(process.GetTrigger("Submit"), Context(Data(budget, regions, channels)));

        state.Should().Be(expected);
    }

    [Fact]
    public void Stage_outcomes_skip_the_stages_that_do_not_apply()
    {
        var process = Campaign().Compile();
        var state = "BudgetReview";
        var machine = process.CreateMachine(() => state, s => state = s);
        var context = Context(Data(500_000));

        machine.Fire(process.GetTrigger(ApprovalStageDefinition.ApprovedTrigger), context);

        state.Should().Be("ExecutiveApproval", "legal review does not apply to a US search campaign");
        machine.Fire(process.GetTrigger(ApprovalStageDefinition.ApprovedTrigger), context);
        state.Should().Be("Approved");
    }

    [Fact]
    public void A_guard_reads_the_trigger_arguments_and_blocks_with_its_description()
    {
        var process = Campaign().Compile();
        var state = "LegalReview";
        var machine = process.CreateMachine(() => state, s => state = s);
        var cancel = process.GetTrigger("Cancel");

        var blocked = () => machine.Fire(cancel, Context(Data(1), arguments: """{ "reason": "no" }"""));
        blocked.Should().Throw<InvalidOperationException>().WithMessage("*a reason of at least 3 characters*");
        state.Should().Be("LegalReview");

        machine.Fire(cancel, Context(Data(1), arguments: """{ "reason": "duplicate campaign" }"""));
        state.Should().Be("Cancelled", "Cancel is inherited from the superstate Open");
    }

    [Fact]
    public void An_internal_transition_keeps_the_state()
    {
        var process = Campaign().Compile();
        var state = "BudgetReview";
        var machine = process.CreateMachine(() => state, s => state = s);
        machine.Fire(process.GetTrigger("Escalate"), Context(Data(50_000)));
        state.Should().Be("BudgetReview");
    }

    [Fact]
    public void First_match_wins_takes_the_first_open_guard_in_order()
    {
        var process = ProcessDefinition.Create("routing")
            .Data(d => d.Number("score"))
            .Trigger("Route")
            .State("Start", s => s.Initial().FirstMatchWins()
                .PermitIf("Route", "High", "score >= 80")
                .PermitIf("Route", "Medium", "score >= 50")
                .Permit("Route", "Low"))
            .State("High", s => s.Terminal())
            .State("Medium", s => s.Terminal())
            .State("Low", s => s.Terminal())
            .Build()
            .Compile();

        string Route(int score)
        {
            var state = "Start";
            process.CreateMachine(() => state, s => state = s).Fire(process.GetTrigger("Route"), Context($$"""{ "score": {{score}} }"""));
            return state;
        }

        Route(90).Should().Be("High");
        Route(60).Should().Be("Medium");
        Route(10).Should().Be("Low");
    }

    [Fact]
    public void Without_first_match_wins_two_open_guards_are_an_error_at_fire_time()
    {
        var process = ProcessDefinition.Create("routing")
            .Data(d => d.Number("score"))
            .Trigger("Route")
            .State("Start", s => s.Initial()
                .PermitIf("Route", "High", "score >= 80")
                .PermitIf("Route", "Medium", "score >= 50"))
            .State("High", s => s.Terminal())
            .State("Medium", s => s.Terminal())
            .Build()
            .Compile();
        var state = "Start";
        var machine = process.CreateMachine(() => state, s => state = s);

        var act = () => machine.Fire(process.GetTrigger("Route"), Context("""{ "score": 90 }"""));

        act.Should().Throw<InvalidOperationException>();
        state.Should().Be("Start");
        machine.Fire(process.GetTrigger("Route"), Context("""{ "score": 60 }"""));
        state.Should().Be("Medium");
    }

    [Fact]
    public void Due_dates_are_computed_from_the_data()
    {
        var process = ProcessDefinition.Create("launch-checklist")
            .Data(d => d.DateTime("launchAt", f => f.Required()).Date("reviewOn"))
            .Trigger("Go")
            .ChecklistItem("copy", i => i.Due("launchAt - 3d"))
            .ChecklistItem("review", i => i.Due("reviewOn").DependsOn("copy"))
            .ChecklistItem("party", i => i.Optional())
            .State("Preparing", s => s.Initial().Permit("Go", "Live"))
            .State("Live", s => s.Terminal())
            .Build()
            .Compile();
        var context = Context("""{ "launchAt": "2026-05-10T09:00:00+02:00", "reviewOn": "2026-05-01" }""");

        process.GetDueDate("copy", context).Should().Be(new DateTimeOffset(2026, 5, 7, 7, 0, 0, TimeSpan.Zero));
        process.GetDueDate("review", context).Should().Be(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        process.GetDueDate("party", context).Should().BeNull();
        process.GetDueDate("review", Context("""{ "launchAt": "2026-05-10T09:00:00Z" }""")).Should().BeNull("its data is missing");
    }

    [Fact]
    public void Instance_data_is_checked_against_the_schema_with_every_problem_listed()
    {
        var definition = Campaign();
        definition.ValidateData(JsonDocument.Parse(Data(1)).RootElement).Should().BeEmpty();

        var errors = definition.ValidateData(JsonDocument.Parse("""
            { "name": "", "budget": { "amount": -5, "currency": "eur" }, "regions": ["EU", "Mars"], "startAt": "01/04/2026", "colour": "red" }
            """).RootElement);

        errors.Select(e => e.ToString()).Should().BeEquivalentTo(
            "colour: is not a field of this schema.",
            "name: is 0 characters long; the minimum is 1.",
            "owner: is required.",
            "budget.amount: -5 is less than the minimum 0.",
            "budget.currency: must be a currency code of three capital letters, such as EUR.",
            "regions[1]: 'Mars' is not one of 'EU', 'UK', 'US', 'APAC'.",
            "startAt: '01/04/2026' is not a date: write it as 2026-03-01.");
    }

    [Fact]
    public void Trigger_arguments_are_checked_against_their_schema()
    {
        var definition = Campaign();
        definition.ValidateArguments("Cancel", default).Select(e => e.ToString()).Should().Equal("args.reason: is required.");
        definition.ValidateArguments("Cancel", JsonDocument.Parse("""{ "reason": 42 }""").RootElement).Select(e => e.ToString())
            .Should().Equal("args.reason: must be a string, not the number 42.");
        var unknown = () => definition.ValidateArguments("Launch", default);
        unknown.Should().Throw<ArgumentException>().WithMessage("*no trigger 'Launch'*");
    }

    [Fact]
    public void Business_days_skip_weekends_and_holidays()
    {
        var calendar = ProcessDefinition.Create("p").Calendar([DayOfWeek.Saturday, DayOfWeek.Sunday], [new DateOnly(2026, 12, 25)])
            .State("A", s => s.Initial().Terminal()).Build().Calendar;

        calendar.AddWorkingDays(new DateOnly(2026, 12, 24), 1).Should().Be(new DateOnly(2026, 12, 28), "the 25th is a holiday and the 26th-27th a weekend");
        WorkingCalendar.Weekdays.AddWorkingDays(new DateOnly(2026, 11, 20), 2).Should().Be(new DateOnly(2026, 11, 24));
    }

    [Fact]
    public void The_builder_example_of_the_reference_builds()
    {
        // Kept in step with "The same model in C#" in docs/definitions.md.
        var definition = ProcessDefinition.Create("expense-approval")
            .Version(1)
            .Title("Expense approval")
            .Data(d => d
                .String("owner", f => f.Required())
                .Money("amount", f => f.Required().Minimum(0)))
            .Trigger("Submit")
            .Trigger("Approve")
            .Trigger("Reject", t => t.CommentRequired())
            .State("Draft", s => s.Initial().Permit("Submit", "Review"))
            .State("Review", s => s
                .DeadlineInBusinessDays(2, d => d.RemindBefore(TimeSpan.FromHours(4)))
                .Permit("Approve", "Approved")
                .Permit("Reject", "Rejected"))
            .State("Approved", s => s.Terminal())
            .State("Rejected", s => s.Terminal())
            .Build();

        var process = definition.Compile();
        var row = (State: "Draft", Data: JsonDocument.Parse("""{ "owner": "ana", "amount": { "amount": 10, "currency": "EUR" } }""").RootElement);
        var machine = process.CreateMachine(() => row.State, s => row.State = s);
        machine.Fire(process.GetTrigger("Submit"), new ExpressionContext(row.Data, default, DateTimeOffset.UnixEpoch));
        row.State.Should().Be("Review");
    }
}
