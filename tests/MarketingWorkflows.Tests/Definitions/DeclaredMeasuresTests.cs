using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions;

/// <summary>A definition declares its owner and its measures; they are checked against its data and triggers, and survive writing and reading.</summary>
public class DeclaredMeasuresTests
{
    private static ProcessDefinitionBuilder Sponsorship() => ProcessDefinition.Create("sponsorship")
        .Data(d => d.String("lead").Money("fee").Money("invoiced").Number("attendees").Money("pipeline").Date("eventDate")
            .Enum("region", ["EU", "US"]).List("tracks", FieldType.String).Number("headcount"))
        .Trigger("Propose")
        .State("Draft", s => s.Initial().Permit("Propose", "Done"))
        .State("Done", s => s.Terminal());

    [Fact]
    public void Owner_and_measures_built_in_code_are_written_and_read_back_unchanged()
    {
        var definition = Sponsorship()
            .Owner("lead")
            .Measures("fee", m => m.Spend("invoiced").Leads("attendees").Revenue("pipeline").Dimensions("region", "tracks").Date("eventDate").SubmittedBy("Propose"))
            .Build();

        var read = ProcessDefinitionLoader.Json.Load(definition.ToJson(), "sponsorship.json").GetDefinitionOrThrow();

        read.Owner.Should().Be("lead");
        read.Measures.Should().BeEquivalentTo(new { Budget = "fee", Spend = "invoiced", Leads = "attendees", ExpectedLeads = (string?)null, Revenue = "pipeline", Dimensions = new[] { "region", "tracks" }, Date = "eventDate", SubmittedBy = "Propose" });
        read.ContentHash.Should().Be(definition.ContentHash);
        Sponsorship().Build().ContentHash.Should().NotBe(definition.ContentHash, "what a process declares about itself is part of what it says");
    }

    [Fact]
    public void Undeclared_fields_wrong_types_and_unknown_triggers_are_reported_at_their_path_with_a_fix()
    {
        Sponsorship()
            .Owner("leader")
            .Measures("attendees", m => m.Spend("invoice").Leads("pipeline").Dimensions("headcount").SubmittedBy("Submit"))
            .TryBuild(out _, out var errors).Should().BeFalse();

        errors.Select(e => e.ToString()).Should().Equal(
            "owner: error MWF218: The owner is the field 'leader', which is not declared under 'data'. Did you mean 'lead'? Declare it, or name a declared field.",
            "measures.budget: error MWF219: The budget measure is the field 'attendees', a number; it holds an amount, so name a money field.",
            "measures.spend: error MWF218: The spend measure is the field 'invoice', which is not declared under 'data'. Did you mean 'invoiced'? Declare it, or name a declared field.",
            "measures.leads: error MWF219: The leads measure is the field 'pipeline', a money; it holds a count, so name a number field.",
            "measures.dimensions[0]: error MWF219: A dimension is the field 'headcount', a number; it holds text or a list of texts, so name a string or enum field, or a list of them.",
            "measures.submittedBy: error MWF202: 'submittedBy' names the trigger 'Submit', which is not defined. Define it under 'triggers', or name the trigger that submits an instance.");
    }

    [Theory]
    [InlineData("budget'; DROP TABLE mwf_instances; --")]
    [InlineData("fee\\")]
    [InlineData("fee.amount")]
    [InlineData("the fee")]
    [InlineData("fee\"")]
    public void A_field_name_that_could_break_out_of_a_query_is_refused(string name)
    {
        var errors = Sponsorship().Measures(name, m => m.Dimensions(name)).TryBuild(out _, out var found) ? [] : found;

        errors.Select(e => (e.Code, e.Path)).Should().Equal((DefinitionErrorCodes.InvalidValue, "measures.budget"), (DefinitionErrorCodes.InvalidValue, "measures.dimensions[0]"));
        errors[0].Message.Should().StartWith($"'{name}' is not a field name");
    }

    [Fact]
    public void The_built_in_campaign_declares_its_owner_and_measures_and_the_others_their_owner()
    {
        var campaign = BuiltInProcesses.Get(CampaignApproval.ProcessId);

        campaign.Owner.Should().Be("owner");
        campaign.Measures.Should().BeEquivalentTo(new
        {
            Budget = "budget", Spend = "actualSpend", Leads = "actualLeads", ExpectedLeads = "expectedLeads",
            Revenue = "actualRevenue", ExpectedRevenue = "expectedRevenue", Dimensions = new[] { "channels", "regions" }, Date = "startAt", SubmittedBy = "Submit",
        });
        BuiltInProcesses.Get(ContentReview.ProcessId).Should().BeEquivalentTo(new { Owner = "owner", Measures = (MeasuresDefinition?)null }, o => o.ExcludingMissingMembers());
        BuiltInProcesses.Get(LaunchChecklist.ProcessId).Should().BeEquivalentTo(new { Owner = "owner", Measures = (MeasuresDefinition?)null }, o => o.ExcludingMissingMembers());
    }

    [Fact]
    public void A_yaml_file_declares_them_in_plain_keys()
    {
        const string Yaml = """
            id: sponsorship
            data:
              - { name: lead, type: string }
              - { name: fee, type: money }
              - { name: region, type: string }
            owner: lead
            measures:
              budget: fee
              dimensions: [region]
            triggers:
              - name: Propose
            states:
              - { name: Draft, initial: true, transitions: [ { trigger: Propose, to: Done } ] }
              - { name: Done, terminal: true }
            """;

        var definition = YamlDefinitions.Loader.Load(Yaml, "sponsorship.yaml").GetDefinitionOrThrow();

        definition.Owner.Should().Be("lead");
        definition.Measures!.Dimensions.Should().Equal("region");
        definition.Measures.SubmittedBy.Should().BeNull();
    }
}
