using System.Text;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Definitions.Files;

/// <summary>
/// Mutates valid definition files at random: loading must always end in a definition or in
/// positioned errors, never in an exception from the loader, the YAML or JSON parser, or the validator.
/// </summary>
public class DefinitionLoaderRobustnessTests
{
    private static readonly string Yaml = File.ReadAllText(ExampleDefinitionsTests.ExamplePath("campaign-approval.yaml"));

    private const string Json = """{ "id": "p", "triggers": [ { "name": "Go" } ], "states": [ { "name": "A", "initial": true, "transitions": [ { "trigger": "Go", "to": "B", "guard": "true" } ] }, { "name": "B", "terminal": true } ], "checklist": [ { "id": "x", "dependsOn": ["y"] }, { "id": "y" } ] }""";

    [Theory]
    [InlineData("p.yaml", 11)]
    [InlineData("p.json", 12)]
    public void Randomly_mutated_files_load_or_fail_cleanly(string fileName, int seed)
    {
        var source = fileName.EndsWith(".json", StringComparison.Ordinal) ? Json : Yaml;
        var random = new Random(seed);
        const string alphabet = " \n-:{}[],'\"#&*!|>%@`\tabcXYZ019.";
        for (var n = 0; n < 1_500; n++)
        {
            var text = new StringBuilder(source);
            for (var edits = random.Next(1, 6); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at)); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    default:
                        var from = random.Next(source.Length);
                        text.Insert(at, source.AsSpan(from, Math.Min(random.Next(1, 40), source.Length - from)).ToString());
                        break;
                }
            }

            DefinitionLoadResult result;
            try
            {
                result = YamlDefinitions.Loader.Load(text.ToString(), fileName);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Loading threw {ex}\n--- file ---\n{text}");
            }

            if (!result.Succeeded)
            {
                result.Errors.Should().NotBeEmpty();
                result.Errors.Should().AllSatisfy(e =>
                {
                    e.Code.Should().MatchRegex("^MWF[123][0-9][0-9]$");
                    e.Line.Should().BeGreaterThan(0);
                    e.Column.Should().BeGreaterThan(0);
                });
            }
        }
    }
}
