using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Versions;
using MarketingWorkflows.Processes;
using static MarketingWorkflows.Tests.Definitions.Versions.Edits;

namespace MarketingWorkflows.Tests.Definitions.Versions;

public sealed class ProcessDefinitionDiffTests
{
    private const string Campaign = "campaign-approval";
    private const string Launch = "launch-checklist";

    private static readonly ProcessDefinition CampaignV1 = BuiltInProcesses.Get(Campaign);
    private static readonly ProcessDefinition LaunchV1 = BuiltInProcesses.Get(Launch);

    [Fact]
    public void Identical_definitions_have_no_changes()
    {
        var reloaded = ProcessDefinitionLoader.Json.Load(CampaignV1.ToJson(), "copy.json").Definition!;

        var diff = ProcessDefinitionDiff.Compare(CampaignV1, reloaded);

        diff.IsEmpty.Should().BeTrue();
        diff.Changes.Should().BeEmpty();
        diff.ToText().Should().Be("campaign-approval v1 → campaign-approval v1: no changes" + Environment.NewLine);
    }

    [Fact]
    public void The_version_number_alone_is_not_a_change()
    {
        var v2 = Edit(Campaign, s => s["version"] = 2);

        var diff = ProcessDefinitionDiff.Compare(CampaignV1, v2);

        diff.IsEmpty.Should().BeTrue();
        diff.ToText().Should().StartWith("campaign-approval v1 → campaign-approval v2: no changes");
    }

    [Fact]
    public void An_added_state_is_one_change_not_one_per_property()
    {
        var v2 = Edit(Campaign, s =>
        {
            s["states"]!.AsArray().Add(JsonNode.Parse("""{ "name": "OnHold", "title": "On hold", "parent": "Open", "transitions": [ { "trigger": "Resume", "to": "Approved" } ] }"""));
            Transition(s, "Approved", "Schedule").Remove("guard");
            State(s, "Approved")["transitions"]!.AsArray().Add(JsonNode.Parse("""{ "trigger": "Pause", "to": "OnHold" }"""));
        });

        var added = ProcessDefinitionDiff.Compare(CampaignV1, v2);
        var removed = ProcessDefinitionDiff.Compare(v2, CampaignV1);

        added.Changes.Where(c => c.Area == DefinitionArea.State).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Kind = ChangeKind.Added, Path = "states.OnHold", Before = (string?)null, After = "On hold, in Open, to Approved" });
        added.Changes.Should().ContainSingle(c => c.Path == "states.Approved.transitions.Pause" && c.Kind == ChangeKind.Added && c.After == "OnHold");
        added.Changes.Should().ContainSingle(c => c.Path == "states.Approved.transitions.Schedule.guard" && c.Kind == ChangeKind.Removed && c.Before == "args.launchAt > now()");
        added.Changes.Should().NotContain(c => c.Path.StartsWith("states.OnHold.", StringComparison.Ordinal));
        removed.Changes.Select(c => (c.Path, c.Kind)).Should().BeEquivalentTo(
            added.Changes.Select(c => (c.Path, c.Kind switch { ChangeKind.Added => ChangeKind.Removed, ChangeKind.Removed => ChangeKind.Added, _ => ChangeKind.Changed })));
    }

    [Fact]
    public void A_transition_target_change_shows_before_and_after()
    {
        var v2 = Edit(Campaign, s => Transition(s, "ChangesRequested", "Resubmit")["to"] = "LegalReview");

        var change = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes.Should().ContainSingle().Subject;

        change.Should().BeEquivalentTo(new
        {
            Area = DefinitionArea.Transition,
            Kind = ChangeKind.Changed,
            Path = "states.ChangesRequested.transitions.Resubmit.to",
            Before = "BudgetReview",
            After = "LegalReview",
            Description = "transition ChangesRequested --Resubmit--> target: BudgetReview → LegalReview",
        });
    }

    [Fact]
    public void Guards_changed_added_and_removed_are_in_the_guard_area()
    {
        var v2 = Edit(Campaign, s =>
        {
            Transition(s, "Open", "Cancel")["guard"] = "len(args.reason) >= 10";
            Transition(s, "Approved", "Schedule").Remove("guard");
            Transition(s, "Live", "Complete")["guard"] = "len(name) > 0";
        });

        var changes = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes;

        changes.Should().OnlyContain(c => c.Area == DefinitionArea.Guard);
        changes.Select(c => c.ToString()).Should().Equal(
            "- guard of Approved --Schedule-->: args.launchAt > now()",
            "~ guard of Open --Cancel-->: len(args.reason) >= 5 → len(args.reason) >= 10",
            "+ guard of Live --Complete-->: len(name) > 0");
    }

    [Fact]
    public void Who_may_fire_a_trigger_is_a_role_change()
    {
        var v2 = Edit(Campaign, s => Trigger(s, "Launch")["roles"] = new JsonArray("ops-lead", "cmo"));

        var change = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes.Should().ContainSingle().Subject;

        change.Area.Should().Be(DefinitionArea.Role);
        change.ToString().Should().Be("~ trigger Launch roles: ops-lead → ops-lead, cmo");
    }

    [Fact]
    public void Approval_stage_rules_and_approvers_are_stage_changes()
    {
        var v2 = Edit(Campaign, s =>
        {
            var approval = State(s, "ExecutiveApproval")["approval"]!.AsObject();
            approval["approve"] = 2;
            approval["approvers"]!.AsArray().Add(JsonNode.Parse("""{ "user": "dana" }"""));
            State(s, "LegalReview")["approval"]!["approve"] = "60%";
        });

        var changes = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes;

        changes.Should().OnlyContain(c => c.Area == DefinitionArea.Stage);
        changes.Select(c => c.ToString()).Should().BeEquivalentTo(
            "~ LegalReview approval approve rule: any → 60%",
            "~ ExecutiveApproval approval approvers: relative owner.manager, role cmo → relative owner.manager, role cmo, user dana",
            "~ ExecutiveApproval approval approve rule: all → 2");
    }

    [Fact]
    public void A_removed_approval_stage_is_one_change()
    {
        var v2 = Edit(Launch, s =>
        {
            var state = State(s, "ReadyForGoNoGo");
            state.Remove("approval");
            state["transitions"] = JsonNode.Parse("""[ { "trigger": "Go", "to": "Scheduled" } ]""");
        });

        var changes = ProcessDefinitionDiff.Compare(LaunchV1, v2).Changes;

        changes.Where(c => c.Area == DefinitionArea.Stage).Should().ContainSingle()
            .Which.ToString().Should().Be("- ReadyForGoNoGo approval stage: all of role ops-lead, relative owner");
    }

    [Fact]
    public void Deadline_times_and_escalation_are_deadline_changes()
    {
        var v2 = Edit(Campaign, s =>
        {
            var deadline = State(s, "BudgetReview")["deadline"]!.AsObject();
            deadline["businessDays"] = 3;
            deadline.Remove("onTimeout");
            State(s, "Live")["deadline"] = JsonNode.Parse("""{ "at": "endAt", "onTimeout": "Complete" }""");
        });

        var changes = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes;

        changes.Should().OnlyContain(c => c.Area == DefinitionArea.Deadline);
        changes.Select(c => c.ToString()).Should().BeEquivalentTo(
            "- BudgetReview deadline escalation (on timeout): Escalate",
            "~ BudgetReview deadline after: 2 business days → 3 business days",
            "+ Live deadline: at endAt, then Complete");
    }

    [Fact]
    public void Data_field_type_required_and_default_are_data_field_changes()
    {
        var v2 = Edit(Campaign, s =>
        {
            Field(s, "objective")["required"] = true;
            Field(s, "expectedLeads")["default"] = 0;
            s["data"]!.AsArray().Add(JsonNode.Parse("""{ "name": "priority", "type": "enum", "values": ["low", "high"], "default": "low" }"""));
        });

        var changes = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes;

        changes.Should().OnlyContain(c => c.Area == DefinitionArea.DataField);
        changes.Select(c => c.ToString()).Should().BeEquivalentTo(
            "~ data field objective required: no → yes",
            "+ data field expectedLeads default: 0",
            "+ data field priority: enum, default \"low\"");
    }

    [Fact]
    public void Checklist_items_are_checklist_changes()
    {
        var v2 = Edit(Launch, s =>
        {
            ChecklistItem(s, "press")["required"] = !((bool?)ChecklistItem(s, "press")["required"] ?? true);
            s["checklist"]!.AsArray().Add(JsonNode.Parse("""{ "id": "social", "title": "Social posts scheduled", "owner": "marketer" }"""));
        });

        var changes = ProcessDefinitionDiff.Compare(LaunchV1, v2).Changes;

        changes.Should().OnlyContain(c => c.Area == DefinitionArea.Checklist);
        changes.Should().HaveCount(2);
        changes.Should().ContainSingle(c => c.Path == "checklist.press.required" && c.Kind == ChangeKind.Changed);
        changes.Should().ContainSingle(c => c.Path == "checklist.social" && c.Kind == ChangeKind.Added && c.After == "Social posts scheduled, owner marketer");
    }

    [Fact]
    public void Measures_are_measure_changes()
    {
        var v2 = Edit(Campaign, s =>
        {
            var measures = s["measures"]!.AsObject();
            measures["dimensions"] = new JsonArray("regions");
            measures.Remove("revenue");
        });

        var changes = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes;

        changes.Select(c => c.ToString()).Should().BeEquivalentTo(
            "- measure revenue: actualRevenue",
            "~ measure dimensions: channels, regions → regions");
        changes.Should().OnlyContain(c => c.Area == DefinitionArea.Measure);
    }

    [Fact]
    public void A_new_order_of_states_is_a_change_of_its_own()
    {
        var v2 = Edit(Campaign, s =>
        {
            var states = s["states"]!.AsArray();
            var completed = states.Single(n => (string?)n!["name"] == "Completed")!;
            states.Remove(completed);
            states.Add(completed);
        });

        var change = ProcessDefinitionDiff.Compare(CampaignV1, v2).Changes.Should().ContainSingle().Subject;

        change.Path.Should().Be("states[order]");
        change.Area.Should().Be(DefinitionArea.State);
        change.After.Should().EndWith("Rejected, Cancelled, Completed");
    }

    [Fact]
    public void The_text_groups_changes_by_area_for_a_person()
    {
        var v2 = Edit(Campaign, s =>
        {
            s["version"] = 2;
            s["title"] = "Campaign approval (2027)";
            Transition(s, "ChangesRequested", "Resubmit")["to"] = "LegalReview";
            Transition(s, "Open", "Cancel")["guard"] = "len(args.reason) >= 10";
        });

        var text = ProcessDefinitionDiff.Compare(CampaignV1, v2).ToText();

        text.ReplaceLineEndings("\n").Should().Be("""
            campaign-approval v1 → campaign-approval v2: 3 changes

            Process:
              ~ process title: Campaign approval → Campaign approval (2027)

            Transitions and triggers:
              ~ transition ChangesRequested --Resubmit--> target: BudgetReview → LegalReview

            Guards:
              ~ guard of Open --Cancel-->: len(args.reason) >= 5 → len(args.reason) >= 10

            """);
    }
}
