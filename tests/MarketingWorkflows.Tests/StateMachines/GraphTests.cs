using MarketingWorkflows.StateMachines;
using MarketingWorkflows.StateMachines.Graph;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.Tests.StateMachines;

public class GraphTests
{
    private enum Phase
    {
        Draft,
        Review,
        BudgetReview,
        LegalReview,
        Approved,
        Rejected,
    }

    private enum Step
    {
        Submit,
        Approve,
        Reject,
        Comment,
        Route,
    }

    private static StateMachine<Phase, Step> Campaign()
    {
        var sm = new StateMachine<Phase, Step>(Phase.Draft);
        sm.Configure(Phase.Draft)
            .Permit(Step.Submit, Phase.Review)
            .PermitDynamic(Step.Route, () => Phase.Review, "by budget", new DynamicStateInfos { { Phase.Review, "budget >= 10,000" }, { Phase.Approved, "otherwise" } });
        sm.Configure(Phase.Review)
            .InitialTransition(Phase.BudgetReview)
            .OnEntry(NotifyApprovers, "notify approvers")
            .Permit(Step.Reject, Phase.Rejected)
            .InternalTransition(Step.Comment, _ => { });
        sm.Configure(Phase.BudgetReview)
            .SubstateOf(Phase.Review)
            .PermitIf(Step.Approve, Phase.LegalReview, () => true, "regulated region");
        sm.Configure(Phase.LegalReview)
            .SubstateOf(Phase.Review)
            .OnExit(() => { }, "record decision")
            .Permit(Step.Approve, Phase.Approved);
        sm.Configure(Phase.Approved).Ignore(Step.Approve);
        return sm;
    }

    private static void NotifyApprovers()
    {
    }

    [Fact]
    public void GetInfo_lists_the_initial_state_only_when_it_is_configured()
    {
        var sm = new StateMachine<Phase, Step>(Phase.Draft);
        sm.Configure(Phase.Review).Permit(Step.Approve, Phase.Approved);

        var info = sm.GetInfo();

        info.InitialState.UnderlyingState.Should().Be(Phase.Draft);
        info.States.Select(s => s.UnderlyingState).Should().Equal(Phase.Review, Phase.Approved);
    }

    [Fact]
    public void An_unguarded_internal_transition_lists_an_always_true_guard_that_diagrams_leave_out()
    {
        var review = Campaign().GetInfo().States.Single(s => s.UnderlyingState.Equals(Phase.Review));

        review.FixedTransitions.Single(t => t.IsInternalTransition).GuardConditionsMethodDescriptions
            .Select(g => g.Description).Should().Equal(InvocationInfo.DefaultFunctionDescription);
        MermaidGraph.FormatDetailed(Campaign().GetInfo()).Should().Contain("Comment / internal");
    }

    [Fact]
    public void GetInfo_lists_configured_states_before_states_only_named_as_destinations()
    {
        var sm = new StateMachine<Phase, Step>(Phase.Draft);
        sm.Configure(Phase.Draft).Permit(Step.Submit, Phase.Review).Permit(Step.Reject, Phase.Rejected);
        sm.Configure(Phase.Approved).Permit(Step.Route, Phase.LegalReview);
        sm.Configure(Phase.Review).Permit(Step.Approve, Phase.Approved);

        sm.GetInfo().States.Select(s => s.UnderlyingState).Should().Equal(Phase.Draft, Phase.Approved, Phase.Review, Phase.Rejected, Phase.LegalReview);
    }

    [Fact]
    public void GetInfo_shows_the_state_the_machine_was_created_in()
    {
        var sm = Campaign();
        sm.Fire(Step.Submit);

        sm.GetInfo().InitialState.UnderlyingState.Should().Be(Phase.Draft);
    }

    [Fact]
    public void GetInfo_describes_states_hierarchy_transitions_and_actions()
    {
        var info = Campaign().GetInfo();

        info.InitialState.UnderlyingState.Should().Be(Phase.Draft);
        info.StateType.Should().Be<Phase>();
        info.TriggerType.Should().Be<Step>();
        info.States.Select(s => s.UnderlyingState).Should().BeEquivalentTo(Enum.GetValues<Phase>().Cast<object>());

        var review = info.States.Single(s => s.UnderlyingState.Equals(Phase.Review));
        review.Substates.Select(s => s.UnderlyingState).Should().Equal(Phase.BudgetReview, Phase.LegalReview);
        review.InitialTransitionTarget.Should().Be(Phase.BudgetReview);
        review.EntryActions.Single().Method.Description.Should().Be("notify approvers");
        review.FixedTransitions.Should().Contain(t => t.IsInternalTransition && t.Trigger.UnderlyingTrigger.Equals(Step.Comment));

        var budget = info.States.Single(s => s.UnderlyingState.Equals(Phase.BudgetReview));
        budget.Superstate.Should().BeSameAs(review);
        var approve = budget.FixedTransitions.Single();
        approve.DestinationState.UnderlyingState.Should().Be(Phase.LegalReview);
        approve.GuardConditionsMethodDescriptions.Single().Description.Should().Be("regulated region");

        var draft = info.States.Single(s => s.UnderlyingState.Equals(Phase.Draft));
        var route = draft.DynamicTransitions.Single();
        route.DestinationStateSelectorDescription.Description.Should().Be("by budget");
        route.PossibleDestinationStates.Select(p => p.DestinationState).Should().Equal("Review", "Approved");

        info.States.Single(s => s.UnderlyingState.Equals(Phase.Approved)).IgnoredTriggers.Single().Trigger.UnderlyingTrigger.Should().Be(Step.Approve);
        info.States.Single(s => s.UnderlyingState.Equals(Phase.LegalReview)).ExitActions.Single().Description.Should().Be("record decision");
    }

    [Fact]
    public void InvocationInfo_uses_the_method_name_when_no_description_is_given()
    {
        var sm = new StateMachine<Phase, Step>(Phase.Draft);
        sm.Configure(Phase.Draft).OnEntry(NotifyApprovers).OnExit(() => { });

        var draft = sm.GetInfo().States.Single();

        draft.EntryActions.Single().Method.Description.Should().Be(nameof(NotifyApprovers));
        draft.ExitActions.Single().Description.Should().Be(InvocationInfo.DefaultFunctionDescription);
    }

    [Fact]
    public void UmlDotGraph_FormatDetailed_draws_a_hierarchical_machine_in_the_kernel_layout()
    {
        var dot = UmlDotGraph.FormatDetailed(Campaign().GetInfo());

        dot.Should().Be(ExpectedDot);
    }

    [Fact]
    public void MermaidGraph_FormatDetailed_draws_a_hierarchical_machine_in_the_kernel_layout()
    {
        var mermaid = MermaidGraph.FormatDetailed(Campaign().GetInfo(), MermaidGraphDirection.LeftToRight);

        mermaid.Should().Be(ExpectedMermaid);
    }

    [Fact]
    public void MermaidGraph_FormatDetailed_gives_states_with_spaces_a_safe_identifier()
    {
        var sm = new StateMachine<string, string>("In review");
        sm.Configure("In review").Permit("approve: final", "Done");

        var mermaid = MermaidGraph.FormatDetailed(sm.GetInfo());

        mermaid.Should().Be(
            "stateDiagram-v2\n" +
            "    state \"In review\" as In_review\n" +
            "    In_review\n" +
            "    Done\n" +
            "    In_review --> Done : approve - final\n" +
            "    [*] --> In_review\n");
    }

    [Fact]
    public void MermaidGraph_Format_aliases_a_state_whose_name_has_spaces_as_Stateless_does()
    {
        var sm = new StateMachine<string, string>("In review");
        sm.Configure("In review").Permit("approve", "Done");

        var mermaid = MermaidGraph.Format(sm.GetInfo());

        mermaid.Should().Be(
            "stateDiagram-v2\n" +
            "\tInreview : In review\n" +
            "\tInreview --> Done : approve\n" +
            "[*] --> Inreview");
    }

    [Fact]
    public void StateGraph_links_each_transition_to_the_nodes_it_leaves_and_enters()
    {
        var graph = new StateGraph(Campaign().GetInfo());

        graph.States.Keys.Should().Equal("Review", "BudgetReview", "LegalReview", "Draft", "Approved", "Rejected");
        var review = graph.States["Review"].Should().BeOfType<SuperState>().Subject;
        review.SubStates.Select(s => s.NodeName).Should().Equal("BudgetReview", "LegalReview");
        graph.States["LegalReview"].SuperState.Should().BeSameAs(review);
        review.EntryActions.Should().Equal("notify approvers");

        var decision = graph.Decisions.Single();
        decision.NodeName.Should().Be("Decision1");
        decision.StateName.Should().BeNull();
        decision.Method.Description.Should().Be("by budget");
        decision.Leaving.OfType<DynamicTransition>().Select(t => (t.DestinationState.NodeName, t.Criterion))
            .Should().Equal(("Review", "budget >= 10,000"), ("Approved", "otherwise"));

        var comment = review.Leaving.OfType<StayTransition>().Single();
        comment.ExecuteEntryExitActions.Should().BeFalse("an internal transition runs no exit or entry actions");
        graph.States["Approved"].Leaving.Single().Should().BeOfType<StayTransition>().Which.ExecuteEntryExitActions.Should().BeFalse();
        graph.States["BudgetReview"].Leaving.Single().Should().BeOfType<FixedTransition>()
            .Which.Guards.Select(g => g.Description).Should().Equal("regulated region");
    }

    private const string ExpectedDot = """
        digraph {
          compound=true;
          rankdir="LR";
          node [shape=box, style=rounded];
          "Draft" [label="Draft"];
          subgraph "cluster_Review" {
            label="Review\nentry / notify approvers\nComment / internal";
            "Review::anchor" [shape=point, style=invis, width=0, height=0, label=""];
            "BudgetReview" [label="BudgetReview"];
            "LegalReview" [label="LegalReview\nexit / record decision"];
          }
          "Rejected" [label="Rejected"];
          "Approved" [label="Approved"];
          "Decision1" [shape=diamond, label="by budget"];
          "Draft" -> "Review::anchor" [label="Submit", lhead="cluster_Review"];
          "Review::anchor" -> "Rejected" [label="Reject", ltail="cluster_Review"];
          "BudgetReview" -> "LegalReview" [label="Approve [regulated region]"];
          "LegalReview" -> "Approved" [label="Approve"];
          "Draft" -> "Decision1" [label="Route"];
          "Decision1" -> "Review::anchor" [style=dashed, label="budget >= 10,000", lhead="cluster_Review"];
          "Decision1" -> "Approved" [style=dashed, label="otherwise"];
          init [label="", shape=point];
          init -> "Draft";
        }
        """ + "\n";

    private const string ExpectedMermaid = """
        stateDiagram-v2
            direction LR
            Draft
            state Review {
                [*] --> BudgetReview
                BudgetReview
                LegalReview
                note right of LegalReview
                    exit / record decision
                end note
            }
            note right of Review
                entry / notify approvers
                Comment / internal
            end note
            Rejected
            Approved
            state Decision1 <<choice>>
            Draft --> Review : Submit
            Review --> Rejected : Reject
            BudgetReview --> LegalReview : Approve [regulated region]
            LegalReview --> Approved : Approve
            Draft --> Decision1 : Route
            Decision1 --> Review : budget >= 10,000
            Decision1 --> Approved : otherwise
            [*] --> Draft
        """ + "\n";
}
