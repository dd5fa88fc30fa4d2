using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions.Files;

public class DefinitionLoaderTests
{
    private const string Yaml = """
        # A small approval process.
        id: expense-approval
        version: 2
        title: Expense approval
        data:
          - { name: owner, type: string, required: true }
          - name: amount
            type: money
            currency: EUR
            minimum: 0
          - name: regions
            type: list
            items: { type: enum, values: [EU, UK, "NO"] }
        triggers:
          - name: Submit
            roles: [employee]
          - name: Reject
            commentRequired: true
            arguments:
              - { name: reason, type: string, required: true }
          - name: Escalate
        states:
          - name: Draft
            initial: true
            transitions:
              - { trigger: Submit, to: Review }
          - name: Review
            deadline:
              businessDays: 2
              remindBefore: [4h]
              remindAfter: [1d, 3d]
              onTimeout: Escalate
            approval:
              when: amount >= 100 EUR
              approvers:
                - role: finance
                - relative: owner.manager
              approve: 2
              onApproved: Approved
              onRejected: Rejected
            transitions:
              - trigger: Reject
                to: Rejected
                guard: |
                  len(args.reason) > 3
                description: a reason is given
              - { trigger: Escalate, internal: true }
          - { name: Approved, terminal: true }
          - { name: Rejected, terminal: true }
        """;

    [Fact]
    public void A_yaml_file_loads_into_the_model()
    {
        var result = YamlDefinitions.Loader.Load(Yaml, "expense.yaml");

        result.Errors.Should().BeEmpty();
        result.Succeeded.Should().BeTrue();
        var definition = result.Definition!;
        definition.Id.Should().Be("expense-approval");
        definition.Version.Should().Be(2);
        definition.Data.Select(f => f.Name).Should().Equal("owner", "amount", "regions");
        definition.Data[2].Items!.AllowedValues.Should().Equal("EU", "UK", "NO");
        var review = definition.FindState("Review")!;
        review.Deadline!.Reminders.Should().Equal(TimeSpan.FromHours(-4), TimeSpan.FromDays(1), TimeSpan.FromDays(3));
        review.Approval!.ApproveRule.Should().Be(ApprovalRule.AtLeast(2));
        review.Approval.Approvers.Should().Equal(new ApproverDefinition(ApproverKind.Role, "finance"), new ApproverDefinition(ApproverKind.Relative, "owner.manager"));
        review.Transitions[0].Guard.Should().Be("len(args.reason) > 3\n");
        review.Transitions[1].Kind.Should().Be(TransitionKind.Internal);
    }

    [Fact]
    public void The_same_definition_in_json_loads_to_the_same_model()
    {
        const string json = """
            {
              // Comments and trailing commas are fine.
              "id": "expense-approval",
              "states": [
                { "name": "Draft", "initial": true, "transitions": [ { "trigger": "Submit", "to": "Done" } ] },
                { "name": "Done", "terminal": true },
              ],
              "triggers": [ { "name": "Submit" } ]
            }
            """;

        var result = ProcessDefinitionLoader.Json.Load(json, "expense.json");

        result.Errors.Should().BeEmpty();
        result.Definition!.States.Select(s => s.Name).Should().Equal("Draft", "Done");
    }

    [Fact]
    public void Errors_carry_file_line_column_and_path()
    {
        var broken = Yaml.Replace("to: Review", "to: Reveiw", StringComparison.Ordinal);

        var result = YamlDefinitions.Loader.Load(broken, "expense.yaml");

        result.Succeeded.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ToString()
            .Should().Be("expense.yaml:26:32: error MWF201: There is no state 'Reveiw'. Did you mean 'Review'? (states[0].transitions[0].to)");
    }

    [Fact]
    public void Guard_errors_point_inside_the_expression_in_the_file()
    {
        var broken = Yaml.Replace("when: amount >= 100 EUR", "when: amount >= 100 USD", StringComparison.Ordinal)
            .Replace("len(args.reason) > 3", "len(args.reson) > 3", StringComparison.Ordinal);

        var errors = YamlDefinitions.Loader.Load(broken, "expense.yaml").Errors.Select(e => e.ToString()).ToArray();

        errors.Should().Equal(
            "expense.yaml:34:13: error MWF306: In the condition 'amount >= 100 USD': 'amount >= 100 USD' mixes EUR and USD: amounts in different currencies cannot be compared or combined. Use an amount in EUR. (states[1].approval.when)",
            "expense.yaml:45:15: error MWF302: In the guard 'len(args.reson) > 3': The trigger has no argument 'reson'. Did you mean 'reason'? (states[1].transitions[0].guard)");
    }

    [Fact]
    public void A_file_with_an_unknown_extension_is_refused_with_a_hint()
    {
        ProcessDefinitionLoader.Json.Load("id: x", "a.yaml").Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("Reading YAML needs the MarketingWorkflows.Yaml package");
        YamlDefinitions.Loader.Load("x", "a.txt").Errors.Should().ContainSingle()
            .Which.Message.Should().Be("'a.txt' has the extension '.txt', which this loader does not read; it reads .json, .yaml, .yml.");
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
        => ProcessDefinitionLoader.Json.LoadFile(Path.Combine(Path.GetTempPath(), "no-such-definition.json"))
            .Errors.Should().ContainSingle().Which.Message.Should().Contain("does not exist");

    [Fact]
    public void Load_file_reads_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mwf-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Yaml);
        try
        {
            YamlDefinitions.Loader.LoadFile(path).Succeeded.Should().BeTrue();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_resolved()
    {
        const string yaml = """
            id: p
            triggers: [ { name: Go } ]
            states:
              - name: A
                initial: true
                transitions: &out
                  - { trigger: Go, to: B }
              - name: B
                transitions: *out
              - { name: C, terminal: true }
            """;
        var result = YamlDefinitions.Loader.Load(yaml, "p.yaml");
        result.Errors.Select(e => (e.Code, e.Path)).Should().BeEquivalentTo(new[]
        {
            ("MWF105", "states[1].transitions[0].to"),
            ("MWF205", "states[2]"),
        });
    }
}

public class DefinitionWriterTests
{
    [Theory]
    [MemberData(nameof(ExampleDefinitionsTests.Examples), MemberType = typeof(ExampleDefinitionsTests))]
    public void Writing_and_loading_again_gives_an_equal_definition(string name)
    {
        var original = YamlDefinitions.Loader.LoadFile(ExampleDefinitionsTests.ExamplePath(name)).GetDefinitionOrThrow();

        var json = original.ToJson();
        var reloaded = ProcessDefinitionLoader.Json.Load(json, name + ".json");

        reloaded.Errors.Should().BeEmpty();
        reloaded.Definition!.ToJson().Should().Be(json);
        reloaded.Definition.ContentHash.Should().Be(original.ContentHash);
    }

    [Fact]
    public void The_content_hash_changes_with_any_change()
    {
        var text = File.ReadAllText(ExampleDefinitionsTests.ExamplePath("campaign-approval.yaml"));
        var a = YamlDefinitions.Loader.Load(text, "a.yaml").GetDefinitionOrThrow();
        var b = YamlDefinitions.Loader.Load(text.Replace("approve: all", "approve: any", StringComparison.Ordinal), "b.yaml").GetDefinitionOrThrow();
        a.ContentHash.Should().MatchRegex("^[0-9a-f]{64}$").And.NotBe(b.ContentHash);
    }
}
