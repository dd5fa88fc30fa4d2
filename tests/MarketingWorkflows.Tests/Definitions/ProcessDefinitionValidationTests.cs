using System.Text.Json;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Tests.Definitions;

/// <summary>Each rule of validation, shown with a definition built in C# that breaks only that rule.</summary>
public class ProcessDefinitionValidationTests
{
    private static ProcessDefinitionBuilder Minimal(string id = "review") => ProcessDefinition.Create(id)
        .Data(d => d.String("owner").Money("budget", f => f.Currency("EUR")).List("regions", FieldType.String))
        .Trigger("Submit")
        .Trigger("Approve")
        .Trigger("Reject", t => t.CommentRequired());

    private static IReadOnlyList<string> Errors(ProcessDefinitionBuilder builder)
    {
        builder.TryBuild(out var definition, out var errors).Should().BeFalse();
        definition.Should().BeNull();
        return errors.Select(e => e.ToString()).ToArray();
    }

    private static string Single(ProcessDefinitionBuilder builder)
    {
        var errors = Errors(builder);
        errors.Should().ContainSingle();
        return errors[0];
    }

    [Fact]
    public void A_valid_definition_builds()
        => Minimal()
            .State("Draft", s => s.Initial().Permit("Submit", "Done"))
            .State("Done", s => s.Terminal())
            .TryBuild(out _, out var errors).Should().BeTrue(string.Join("\n", errors));

    [Fact]
    public void Build_throws_with_every_problem_listed()
    {
        var act = () => Minimal().State("Draft", s => s.Permit("Submit", "Nowhere")).Build();
        act.Should().Throw<ProcessDefinitionException>()
            .Which.Errors.Select(e => e.Code).Should().BeEquivalentTo(["MWF201", "MWF204"]);
    }

    [Fact]
    public void Unknown_state_and_trigger_references_suggest_the_nearest_name()
    {
        var errors = Errors(Minimal()
            .State("Draft", s => s.Initial().Permit("Sumbit", "Done").Permit("Approve", "Doen"))
            .State("Done", s => s.Terminal()));

        errors.Should().BeEquivalentTo(
            "states[0].transitions[0].trigger: error MWF202: There is no trigger 'Sumbit'. Did you mean 'Submit'?",
            "states[0].transitions[1].to: error MWF201: There is no state 'Doen'. Did you mean 'Done'?");
    }

    [Fact]
    public void Duplicate_names_are_reported_at_the_second()
    {
        var errors = Errors(ProcessDefinition.Create("p")
            .Data(d => d.String("owner").Number("owner"))
            .Trigger("Go").Trigger("Go")
            .State("A", s => s.Initial().Permit("Go", "B"))
            .State("B", s => s.Terminal())
            .State("B", s => s.Terminal())
            .ChecklistItem("x").ChecklistItem("x"));

        errors.Should().BeEquivalentTo(
            "data[1].name: error MWF203: The field 'owner' is defined twice here. Give each field its own name.",
            "triggers[1].name: error MWF203: The trigger 'Go' is defined twice. Give each trigger its own name.",
            "states[2].name: error MWF203: The state 'B' is defined twice. Give each state its own name.",
            "checklist[1].id: error MWF203: The checklist item 'x' is defined twice. Give each item its own id.");
    }

    [Fact]
    public void A_process_needs_exactly_one_initial_state()
    {
        Single(Minimal().State("A", s => s.Terminal()))
            .Should().Be("states: error MWF204: No state is marked initial, so a new instance would have nowhere to start. Mark one state 'initial: true'.");
        Single(Minimal().State("A", s => s.Initial().Permit("Submit", "B")).State("B", s => s.Initial().Terminal()))
            .Should().Be("states[1].initial: error MWF204: 'B' is marked initial, but so is 'A'. Only one state can be initial.");
        Single(ProcessDefinition.Create("p"))
            .Should().Be("states: error MWF204: The process has no states. Add at least an initial state and a terminal state.");
    }

    [Fact]
    public void Unreachable_states_are_reported()
        => Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Done"))
                .State("Orphan", s => s.Permit("Approve", "Done"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1]: error MWF205: 'Orphan' can never be reached from the initial state 'Draft': no transition or approval outcome leads to it. Add a transition to it, or remove it.");

    [Fact]
    public void A_non_terminal_state_without_a_way_out_is_a_dead_end()
        => Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Waiting"))
                .State("Waiting", s => s.InternalTransition("Approve")))
            .Should().Be("states[1]: error MWF206: 'Waiting' is not terminal but has no way out, so an instance reaching it would be stuck. Add a transition out, or mark it 'terminal: true'.");

    [Fact]
    public void A_terminal_state_has_no_exits_of_its_own_or_inherited()
    {
        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Done"))
                .State("Done", s => s.Terminal().Permit("Approve", "Draft")))
            .Should().Be("states[1].transitions: error MWF207: 'Done' is terminal but has transitions out. Remove them, or drop 'terminal'.");

        Single(Minimal()
                .State("Open", s => s.Permit("Reject", "Closed"))
                .State("Draft", s => s.Initial().SubstateOf("Open").Permit("Submit", "Done"))
                .State("Done", s => s.SubstateOf("Open").Terminal())
                .State("Closed", s => s.Terminal()))
            .Should().Be("states[2].terminal: error MWF207: 'Done' is terminal but inherits transitions (such as 'Reject') from its parent 'Open'. Move it out of 'Open', or drop 'terminal'.");
    }

    [Fact]
    public void A_deadline_on_a_terminal_state_is_refused()
        => Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Done"))
                .State("Done", s => s.Terminal().DeadlineInBusinessDays(2)))
            .Should().Be("states[1].deadline: error MWF212: 'Done' is terminal, so nothing can happen after its deadline. Remove the deadline.");

    [Fact]
    public void Two_unguarded_transitions_for_one_trigger_are_ambiguous()
        => Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "A").Permit("Submit", "B"))
                .State("A", s => s.Terminal())
                .State("B", s => s.Terminal()))
            .Should().Be("states[0].transitions[1]: error MWF208: In 'Draft', 'Submit' has two transitions without a guard (transitions[0] and transitions[1]), so firing it could go either way. Give them guards that exclude each other, or remove one.");

    [Fact]
    public void An_unguarded_transition_beside_a_guarded_one_is_ambiguous_unless_first_match_wins()
    {
        Single(Minimal()
                .State("Draft", s => s.Initial().PermitIf("Submit", "A", "budget > 5 EUR").Permit("Submit", "B"))
                .State("A", s => s.Terminal())
                .State("B", s => s.Terminal()))
            .Should().Contain("error MWF208").And.Contain("mark the state 'firstMatchWins: true'");

        Single(Minimal()
                .State("Draft", s => s.Initial().FirstMatchWins().Permit("Submit", "B").PermitIf("Submit", "A", "budget > 5 EUR"))
                .State("A", s => s.Terminal())
                .State("B", s => s.Terminal()))
            .Should().Be("states[0].transitions[1]: error MWF208: In 'Draft', 'Submit' at transitions[0] has no guard, so with firstMatchWins the transitions after it are never taken. Give it a guard or move it last.");
    }

    [Fact]
    public void Guard_errors_name_the_path_and_the_position_in_the_expression()
        => Single(Minimal()
                .State("Draft", s => s.Initial().PermitIf("Submit", "Done", "budget >= 10000 USD"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[0].transitions[0].guard: error MWF306: In the guard 'budget >= 10000 USD': 'budget >= 10000 USD' mixes EUR and USD: amounts in different currencies cannot be compared or combined. Use an amount in EUR. (at 1:1 of the expression)");

    [Fact]
    public void Guards_may_read_only_their_own_triggers_arguments()
        => Single(Minimal()
                .Trigger("Cancel", t => t.Arguments(a => a.String("reason")))
                .State("Draft", s => s.Initial().PermitIf("Submit", "Done", "args.reason != null"))
                .State("Done", s => s.Terminal()))
            .Should().Contain("error MWF302").And.Contain("The trigger has no argument 'reason'");

    [Fact]
    public void A_stage_needs_approvers_and_a_reachable_quorum()
    {
        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Review"))
                .State("Review", s => s.Approval(a => a.OnApproved("Done")))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1].approval.approvers: error MWF209: The approval stage 'Review' has no approvers, so nobody could ever decide. Add users, roles or relative approvers such as 'owner.manager', or a fallbackRole.");

        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Review"))
                .State("Review", s => s.Approval(a => a.User("ana").User("ben").ApproveWhen(ApprovalRule.AtLeast(3)).OnApproved("Done")))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1].approval.approve: error MWF210: The approve rule of 'Review' needs 3 decisions, but the stage lists only 2 approvers, so it could never be met. Lower the count or add approvers.");
    }

    [Fact]
    public void A_quorum_over_a_role_is_not_limited_by_the_list()
        => Minimal()
            .State("Draft", s => s.Initial().Permit("Submit", "Review"))
            .State("Review", s => s.Approval(a => a.Role("legal").ApproveWhen(ApprovalRule.AtLeast(3)).OnApproved("Done")))
            .State("Done", s => s.Terminal())
            .TryBuild(out _, out _).Should().BeTrue();

    [Fact]
    public void Stage_rules_targets_and_relative_approvers_are_checked()
    {
        var errors = Errors(Minimal()
            .State("Draft", s => s.Initial().Permit("Submit", "Review"))
            .State("Review", s => s.Approval(a => a
                .Relative("ownr.manager").Relative("owner.boss").Relative("budget")
                .ApproveWhen(ApprovalRule.AtLeastPercent(150))
                .SelfApproval(SelfApprovalMode.AllowForRoles)
                .When("budget.amount")
                .OnApproved("Done").OnRejected("Rejectd")))
            .State("Done", s => s.Terminal()));

        errors.Should().BeEquivalentTo(
            "states[1].approval.approvers[0]: error MWF302: The relative approver 'ownr.manager' starts with 'ownr', which is not a data field. Did you mean 'owner'? Name a string field holding a user id, such as 'owner'.",
            "states[1].approval.approvers[1]: error MWF105: 'boss' in 'owner.boss' is not a relation between users; the one relation is 'manager', as in 'owner.manager'.",
            "states[1].approval.approvers[2]: error MWF303: The relative approver 'budget' reads 'budget', a money field; it must be a string field holding a user id.",
            "states[1].approval.approve: error MWF105: The approve rule of 'Review' is 150%; use a percentage from 1 to 100.",
            "states[1].approval.selfApproval: error MWF105: The stage 'Review' allows self-approval for listed roles, but lists none. Add the roles, or choose 'forbid' or 'audit'.",
            "states[1].approval.onRejected: error MWF201: There is no state 'Rejectd'. Define it under 'states', or fix the name.",
            "states[1].approval.when: error MWF303: In the condition 'budget.amount': A condition must be true or false, but this expression is a number. Compare it with something, as in 'x > 0'. (at 1:1 of the expression)");
    }

    [Fact]
    public void A_timeout_trigger_must_exist_and_lead_somewhere()
    {
        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Review"))
                .State("Review", s => s.DeadlineInBusinessDays(2, d => d.OnTimeout("Escalate")).Permit("Approve", "Done"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1].deadline.onTimeout: error MWF202: There is no trigger 'Escalate'. Define it under 'triggers', or fix the name.");

        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Review"))
                .State("Review", s => s.DeadlineInBusinessDays(2, d => d.OnTimeout("Reject")).Permit("Approve", "Done"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1].deadline.onTimeout: error MWF216: At the deadline 'Reject' is fired, but 'Review' has no transition on 'Reject', so nothing would happen. Add a transition on 'Reject' to 'Review'.");

        Single(Minimal()
                .State("Draft", s => s.Initial().Permit("Submit", "Review"))
                .State("Review", s => s.DeadlineInBusinessDays(0).Permit("Approve", "Done"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[1].deadline.businessDays: error MWF105: A deadline is at least 1 business day, not 0.");
    }

    [Fact]
    public void Hierarchy_cycles_and_foreign_initial_children_are_refused()
    {
        Errors(Minimal()
                .State("A", s => s.Initial().SubstateOf("B").Permit("Submit", "Done"))
                .State("B", s => s.SubstateOf("A"))
                .State("Done", s => s.Terminal()))
            .Should().Contain(e => e.Contains("MWF214") && e.Contains("is its own ancestor"));

        Single(Minimal()
                .State("Open", s => s.Initial().InitialChild("Done").Permit("Submit", "Draft"))
                .State("Draft", s => s.SubstateOf("Open"))
                .State("Done", s => s.Terminal()))
            .Should().Be("states[0].initialChild: error MWF214: 'Done' is not a child of 'Open'. Set its parent to 'Open', or choose one of its children.");
    }

    [Fact]
    public void Checklist_dependencies_must_exist_and_not_form_a_cycle()
    {
        var errors = Errors(Minimal()
            .State("Draft", s => s.Initial().Permit("Submit", "Done"))
            .State("Done", s => s.Terminal())
            .ChecklistItem("copy", i => i.DependsOn("legal"))
            .ChecklistItem("legal", i => i.DependsOn("assets"))
            .ChecklistItem("assets", i => i.DependsOn("copy", "brand"))
            .ChecklistItem("tracking", i => i.Due("owner")));

        errors.Should().BeEquivalentTo(
            "checklist[2].dependsOn[1]: error MWF215: There is no checklist item 'brand'.",
            "checklist[0].dependsOn: error MWF211: Checklist items depend on each other in a circle (copy → legal → assets → copy), so none of them could ever be done. Remove one of these dependencies.",
            "checklist[3].due: error MWF303: The due date 'owner' of 'tracking' is a string; it must be a date or a date-time, such as 'launchAt - 3d'.");
    }

    [Fact]
    public void Field_definitions_are_checked_including_defaults_against_their_own_schema()
    {
        var errors = Errors(ProcessDefinition.Create("p")
            .Data(d => d
                .Enum("tier", [])
                .Number("score", f => f.Minimum(10).Maximum(5))
                .Number("limit", f => f.Maximum(100).Default(JsonDocument.Parse("250").RootElement))
                .Boolean("urgent", f => f.Currency("EUR"))
                .String("args")
                .Field("tags", FieldType.List))
            .Trigger("Go")
            .State("A", s => s.Initial().Permit("Go", "B"))
            .State("B", s => s.Terminal()));

        errors.Should().BeEquivalentTo(
            "data[0].values: error MWF104: The enum field 'tier' lists no values. Add its allowed values.",
            "data[1].minimum: error MWF105: The minimum 10 of 'score' is above its maximum 5.",
            "data[2].default: error MWF213: The default of 'limit' fails its own schema: limit: 250 is more than the maximum 100. Fix the default or the constraints.",
            "data[3].currency: error MWF105: Only money fields have a currency; 'urgent' is a boolean.",
            "data[4].name: error MWF105: A data field cannot be called 'args': guards read trigger arguments under that name. Rename the field.",
            "data[5].items: error MWF104: The list field 'tags' does not say what its elements are. Add 'items' with their type.");
    }

    [Fact]
    public void Names_and_ids_must_be_well_formed()
    {
        var errors = Errors(ProcessDefinition.Create("Campaign Approval").Version(0)
            .Trigger("go now")
            .State("1st", s => s.Initial().Terminal()));

        errors.Should().BeEquivalentTo(
            "id: error MWF105: 'Campaign Approval' is not a process id: use lower-case letters, digits and single hyphens, starting with a letter (for example campaign-approval).",
            "version: error MWF105: The version must be 1 or more, not 0.",
            "triggers[0].name: error MWF105: 'go now' is not a trigger name: start with a letter, then letters, digits or '_'.",
            "states[0].name: error MWF105: '1st' is not a state name: start with a letter, then letters, digits or '_'.");
    }

    [Fact]
    public void A_calendar_without_working_days_is_refused()
        => Single(ProcessDefinition.Create("p").Calendar(Enum.GetValues<DayOfWeek>()).State("A", s => s.Initial().Terminal()))
            .Should().StartWith("calendar.weekend: error MWF105:");
}
