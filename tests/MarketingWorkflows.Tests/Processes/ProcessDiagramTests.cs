using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;

namespace MarketingWorkflows.Tests.Processes;

public sealed class ProcessDiagramTests
{
    [Fact]
    public void Campaign_approval_diagram_names_stage_outcomes_by_the_decisions_that_settle_them()
    {
        var mermaid = ProcessDiagram.ToMermaid(BuiltInProcesses.Get(CampaignApproval.ProcessId));

        mermaid.Should().NotContain("stage.");
        mermaid.Should().Contain("ExecutiveApproval --> Approved : Approve (all of owner.manager, cmo)\n");
        mermaid.Should().Contain("BudgetReview --> Decision2 : Approve (any of finance)\n");
        mermaid.Should().Contain("BudgetReview --> Rejected : Reject (any)\n");
        mermaid.Should().Contain("LegalReview --> ChangesRequested : RequestChanges\n");
        mermaid.Should().Contain("Approved --> Scheduled : Schedule (needs every linked content-review is Approved or Published) [the launch time is in the future]\n");
        mermaid.Should().Contain("Scheduled --> Live : Launch (needs a linked launch-checklist exists and every one is Scheduled or Launched)\n");
    }

    [Fact]
    public void Stage_notes_give_approvers_fallback_role_and_deadline()
    {
        var mermaid = ProcessDiagram.ToMermaid(BuiltInProcesses.Get(CampaignApproval.ProcessId));

        mermaid.Should().Contain("note right of ExecutiveApproval\n");
        mermaid.Should().Contain("decided by owner.manager, cmo, fallback cmo\n");
        mermaid.Should().Contain("deadline 2 business days, reminders 4h before, 1d after, then Escalate\n");
    }

    [Fact]
    public void Review_stage_outcomes_read_as_review_decisions_and_rounds()
    {
        var mermaid = ProcessDiagram.ToMermaid(BuiltInProcesses.Get(ContentReview.ProcessId));

        mermaid.Should().NotContain("stage.");
        mermaid.Should().Contain("InReview --> Approved : Review - all of brand, legal approve\n");
        mermaid.Should().Contain("InReview --> Escalated : Review - changes required in round 3\n");
        mermaid.Should().Contain("Escalated --> ChangesRequired : AllowAnotherRound (any of campaignOwner)\n");
    }

    [Fact]
    public void Checklist_completion_and_go_no_go_are_named_in_the_launch_checklist_diagram()
    {
        var definition = BuiltInProcesses.Get(LaunchChecklist.ProcessId);
        var mermaid = ProcessDiagram.ToMermaid(definition);
        var dot = ProcessDiagram.ToDot(definition);

        mermaid.Should().NotContain("checklist.complete");
        mermaid.Should().Contain("Preparing --> ReadyForGoNoGo : every required item done or waived\n");
        mermaid.Should().Contain("ReadyForGoNoGo --> Scheduled : Go (all of ops-lead, owner)\n");
        mermaid.Should().Contain("self-approval allowed, marked in the history\n");
        mermaid.Should().Contain("deadline at launchAt, then Launch\n");
        dot.Should().NotContain("checklist.complete").And.NotContain("stage.");
        dot.Should().Contain("\"ReadyForGoNoGo\" -> \"Scheduled\" [label=\"Go (all of ops-lead, owner)\"");
    }
}
