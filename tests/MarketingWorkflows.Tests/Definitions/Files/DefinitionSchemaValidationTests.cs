using System.Runtime.CompilerServices;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>
/// The JSON Schema an editor checks files with and the loader agree: every definition the loader
/// accepts passes the schema, and every broken file the loader rejects for its shape fails it.
/// </summary>
public class DefinitionSchemaValidationTests
{
    /// <summary>
    /// The error codes whose rule the schema cannot state, each with the reason. A broken file
    /// whose every error is one of these must pass the schema: anything else it finds is drift.
    /// </summary>
    private static readonly Dictionary<string, string> BeyondTheSchema = new(StringComparer.Ordinal)
    {
        [DefinitionErrorCodes.Syntax] = "a file that is not well-formed YAML or JSON gives the schema no document to check",
        [DefinitionErrorCodes.UnknownState] = "a state named in a transition, stage or parent must be defined under 'states': a cross-reference",
        [DefinitionErrorCodes.UnknownTrigger] = "a trigger named in a transition, deadline or measure must be defined under 'triggers': a cross-reference",
        [DefinitionErrorCodes.Unreachable] = "reaching a state from the initial one is a property of the whole graph",
        [DefinitionErrorCodes.DeadEnd] = "a way out of a state may be a transition of any ancestor: a property of the graph",
        [DefinitionErrorCodes.Ambiguous] = "whether two guards can both hold is a question about expressions",
        [DefinitionErrorCodes.QuorumTooLarge] = "comparing a rule's number with the length of the approver list is beyond JSON Schema",
        [DefinitionErrorCodes.DependencyCycle] = "a cycle of dependsOn is a property of the graph of checklist items",
        [DefinitionErrorCodes.InvalidDefault] = "a default is checked against the field the same file declares (its type, values, bounds): a rule built from the data",
        [DefinitionErrorCodes.Hierarchy] = "parents and initial children name other states: cross-references",
        [DefinitionErrorCodes.UnknownChecklistItem] = "dependsOn names other checklist items: a cross-reference",
        [DefinitionErrorCodes.TimeoutGoesNowhere] = "a timeout trigger needs a transition of its own state: a cross-reference",
        [DefinitionErrorCodes.UnknownField] = "owner and measures name fields declared under 'data': a cross-reference",
        [DefinitionErrorCodes.WrongFieldType] = "owner and measures need fields of a given type, declared under 'data': a cross-reference",
        ["MWF301"] = "guards and conditions are expressions; to the schema they are text",
        ["MWF302"] = "the fields a guard reads are declared under 'data': a cross-reference from an expression",
        ["MWF303"] = "the types in a guard come from the fields the file declares",
        ["MWF306"] = "the currencies a guard compares come from the fields the file declares",
        ["MWF308"] = "the enum values a guard compares with come from the fields the file declares",
    };

    /// <summary>
    /// The broken files whose error has a code the schema otherwise states, but whose rule here it
    /// cannot, with the reason.
    /// </summary>
    private static readonly Dictionary<(string File, string Code), string> BeyondTheSchemaInFile = new()
    {
        [("duplicate-key.yaml", DefinitionErrorCodes.Duplicate)] = "a JSON document has each key of a map once: the schema never sees the second (editors report it as a YAML error)",
        [("duplicate-state.yaml", DefinitionErrorCodes.Duplicate)] = "uniqueItems compares whole items, not one property of them such as a state's name",
        [("self-transition.yaml", DefinitionErrorCodes.InvalidValue)] = "'to' is compared with the name of the state the transition belongs to",
        [("requires-checklist-without-one.yaml", DefinitionErrorCodes.InvalidValue)] =
            "a rule across distant parts of the file (a transition and the top-level checklist); a nested if/contains would report it at the top of the file, far from the line to fix",
    };

    public static TheoryData<string> Examples => ExampleDefinitionsTests.Examples;

    public static TheoryData<string> BuiltIns() => new(BuiltInProcesses.Definitions.Select(d => d.Id));

    public static TheoryData<string> BrokenFiles() => new(Directory.EnumerateFiles(BrokenFolder())
        .Where(f => !f.EndsWith(".expected", StringComparison.Ordinal))
        .Select(f => Path.GetFileName(f))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_file_passes_the_schema(string name)
    {
        var path = ExampleDefinitionsTests.ExamplePath(name);
        var document = DefinitionSchemaFiles.ToJson(File.ReadAllText(path), name, YamlDefinitions.Loader);

        document.Should().NotBeNull();
        DefinitionSchemaFiles.Errors(document!.Value).Should().BeEmpty("docs/examples/{0} loads, so the schema must accept it", name);
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Built_in_definition_written_as_json_passes_the_schema(string id)
    {
        var json = BuiltInProcesses.Get(id).ToJson();
        using var document = JsonDocument.Parse(json);

        DefinitionSchemaFiles.Errors(document.RootElement).Should().BeEmpty("the definition writer's JSON for '{0}' loads, so the schema must accept it", id);
    }

    [Fact]
    public void Every_whole_definition_shown_in_the_reference_passes_the_schema()
    {
        var reference = File.ReadAllText(Path.Combine(ExampleDefinitionsTests.RepositoryRoot(), "docs", "definitions.md")).ReplaceLineEndings("\n");
        var blocks = System.Text.RegularExpressions.Regex.Matches(reference, "```(yaml|json)\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => (Syntax: m.Groups[1].Value, Text: m.Groups[2].Value))
            .Where(b => YamlDefinitions.Loader.Load(b.Text, "reference." + b.Syntax).Succeeded)
            .ToArray();

        blocks.Should().HaveCountGreaterThanOrEqualTo(5);
        foreach (var (syntax, text) in blocks)
        {
            var document = DefinitionSchemaFiles.ToJson(text, "reference." + syntax, YamlDefinitions.Loader);
            DefinitionSchemaFiles.Errors(document!.Value).Should().BeEmpty("this {0} block of docs/definitions.md loads, so the schema must accept it:\n{1}", syntax, text);
        }
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Broken_file_fails_the_schema_where_the_schema_can_say_why(string file)
    {
        var text = File.ReadAllText(Path.Combine(BrokenFolder(), file));
        var errors = YamlDefinitions.Loader.Load(text, file).Errors;
        var stated = errors.Where(e => !BeyondTheSchema.ContainsKey(e.Code) && !BeyondTheSchemaInFile.ContainsKey((file, e.Code))).ToList();
        var document = DefinitionSchemaFiles.ToJson(text, file, YamlDefinitions.Loader);

        errors.Should().NotBeEmpty();
        if (document is null)
        {
            errors.Should().OnlyContain(e => e.Code == DefinitionErrorCodes.Syntax, "only a syntax error leaves no document");
            return;
        }

        var schemaErrors = DefinitionSchemaFiles.Errors(document.Value);
        if (stated.Count > 0)
        {
            schemaErrors.Should().NotBeEmpty("the loader reports {0}, which the schema can state too", string.Join("; ", stated));
        }
        else
        {
            schemaErrors.Should().BeEmpty(
                "every error in {0} is beyond the schema ({1}), so anything the schema finds is a rule the loader does not have",
                file,
                string.Join(", ", errors.Select(e => e.Code).Distinct()));
        }
    }

    /// <summary>Rules the schema states that no broken file shows: each variant of a valid file is refused by both.</summary>
    [Theory]
    [InlineData("enum without values", "{ name: tier, type: enum }", "")]
    [InlineData("values on a string", "{ name: tier, type: string, values: [a, b] }", "")]
    [InlineData("list without items", "{ name: tags, type: list }", "")]
    [InlineData("currency on a number", "{ name: cost, type: number, currency: EUR }", "")]
    [InlineData("minimum on a date", "{ name: due, type: date, minimum: 1 }", "")]
    [InlineData("a transition that goes nowhere", "{ name: note, type: string }", "      - { trigger: Note }")]
    [InlineData("reentry with a destination", "{ name: note, type: string }", "      - { trigger: Note, reentry: true, to: Done }")]
    [InlineData("internal and reentry", "{ name: note, type: string }", "      - { trigger: Note, internal: true, reentry: true }")]
    public void Loader_and_schema_both_refuse(string what, string field, string transition)
    {
        var text = $$"""
            id: variant
            data:
              - {{field}}
            triggers:
              - { name: Finish }
              - { name: Note }
            states:
              - name: Open
                initial: true
                transitions:
                  - { trigger: Finish, to: Done }
            {{transition}}
              - { name: Done, terminal: true }
            """;

        YamlDefinitions.Loader.Load(text, "variant.yaml").Errors.Should().NotBeEmpty("the loader refuses {0}", what);
        DefinitionSchemaFiles.Errors(DefinitionSchemaFiles.ToJson(text, "variant.yaml", YamlDefinitions.Loader)!.Value).Should().NotBeEmpty("the schema refuses {0}", what);
    }

    [Fact]
    public void Loader_and_schema_both_accept_the_plain_variant()
    {
        const string text = """
            id: variant
            data:
              - { name: tier, type: enum, values: [a, b] }
            triggers:
              - { name: Finish }
              - { name: Note }
            states:
              - name: Open
                initial: true
                transitions:
                  - { trigger: Finish, to: Done }
                  - { trigger: Note, internal: true }
              - { name: Done, terminal: true }
            """;

        YamlDefinitions.Loader.Load(text, "variant.yaml").Errors.Should().BeEmpty();
        DefinitionSchemaFiles.Errors(DefinitionSchemaFiles.ToJson(text, "variant.yaml", YamlDefinitions.Loader)!.Value).Should().BeEmpty();
    }

    [Fact]
    public void A_single_value_where_a_list_of_texts_belongs_is_read_by_both_as_a_list_of_one()
    {
        const string text = """
            id: single-values
            calendar: { weekend: sunday, holidays: 2027-01-01 }
            data:
              - { name: region, type: enum, values: EU }
            triggers:
              - { name: Finish, roles: lead }
            states:
              - name: Open
                initial: true
                onChecklistComplete: Done
                deadline: { businessDays: 2, remindBefore: 4h }
                transitions:
                  - { trigger: Finish, to: Done }
              - { name: Done, terminal: true }
            checklist:
              - { id: brief }
              - { id: assets, dependsOn: brief, waivableBy: lead }
            """;

        var definition = YamlDefinitions.Loader.Load(text, "single-values.yaml").GetDefinitionOrThrow();
        DefinitionSchemaFiles.Errors(DefinitionSchemaFiles.ToJson(text, "single-values.yaml", YamlDefinitions.Loader)!.Value).Should().BeEmpty();

        definition.Triggers[0].Roles.Should().Equal("lead");
        definition.Data[0].AllowedValues.Should().Equal("EU");
        definition.Checklist[1].DependsOn.Should().Equal("brief");
        definition.Checklist[1].WaivableBy.Should().Equal("lead");
    }

    [Fact]
    public void Every_code_listed_beyond_the_schema_is_a_defined_code_and_has_a_reason()
    {
        var codes = typeof(DefinitionErrorCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        BeyondTheSchema.Keys.Where(k => !k.StartsWith("MWF3", StringComparison.Ordinal)).Should().OnlyContain(k => codes.Contains(k));
        BeyondTheSchema.Values.Concat(BeyondTheSchemaInFile.Values).Should().OnlyContain(reason => reason.Length > 20);
        foreach (var (file, code) in BeyondTheSchemaInFile.Keys)
        {
            var path = Path.Combine(BrokenFolder(), file);
            File.Exists(path).Should().BeTrue("each exception names a broken file");
            YamlDefinitions.Loader.Load(File.ReadAllText(path), file).Errors.Should().Contain(e => e.Code == code, "{0} still gives the {1} the exception is for", file, code);
        }
    }

    private static string BrokenFolder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Broken");
}
