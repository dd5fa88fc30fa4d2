using System.Text.Json;
using MarketingWorkflows.Definitions.Files;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>docs/process-definition.schema.json describes exactly the keys and values the loader reads.</summary>
public class DefinitionSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "process-definition.schema.json"))).RootElement;

    public static readonly TheoryData<string, string[]> Objects = new()
    {
        { string.Empty, DefinitionReader.TopKeys },
        { "field", DefinitionReader.FieldKeys },
        { "item", DefinitionReader.FieldKeys.Where(k => k != "name").ToArray() },
        { "trigger", DefinitionReader.TriggerKeys },
        { "state", DefinitionReader.StateKeys },
        { "transition", DefinitionReader.TransitionKeys },
        { "deadline", DefinitionReader.DeadlineKeys },
        { "approval", DefinitionReader.ApprovalKeys },
        { "approver", DefinitionReader.ApproverKeys },
        { "checklistItem", DefinitionReader.ChecklistKeys },
        { "calendar", DefinitionReader.CalendarKeys },
        { "measures", DefinitionReader.MeasuresKeys },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Schema_lists_exactly_the_keys_the_loader_reads(string definition, string[] keys)
    {
        var node = definition.Length == 0 ? Schema : Schema.GetProperty("$defs").GetProperty(definition);
        node.GetProperty("additionalProperties").GetBoolean().Should().BeFalse("unknown keys are errors in the loader too");
        node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(keys);
    }

    [Fact]
    public void Schema_lists_the_field_types_the_loader_reads()
        => Schema.GetProperty("$defs").GetProperty("field").GetProperty("properties").GetProperty("type").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo(DefinitionReader.TypeNames.Append("bool"));

    [Fact]
    public void Schema_requires_what_the_loader_requires()
    {
        Required(Schema).Should().BeEquivalentTo("id", "states");
        Required(Schema.GetProperty("$defs").GetProperty("field")).Should().BeEquivalentTo("name", "type");
        Required(Schema.GetProperty("$defs").GetProperty("state")).Should().BeEquivalentTo("name");
        Required(Schema.GetProperty("$defs").GetProperty("trigger")).Should().BeEquivalentTo("name");
        Required(Schema.GetProperty("$defs").GetProperty("transition")).Should().BeEquivalentTo("trigger");
        Required(Schema.GetProperty("$defs").GetProperty("approval")).Should().BeEquivalentTo("onApproved");
        Required(Schema.GetProperty("$defs").GetProperty("checklistItem")).Should().BeEquivalentTo("id");
        Required(Schema.GetProperty("$defs").GetProperty("measures")).Should().BeEquivalentTo("budget");
    }

    private static IEnumerable<string?> Required(JsonElement node) => node.GetProperty("required").EnumerateArray().Select(e => e.GetString());
}
