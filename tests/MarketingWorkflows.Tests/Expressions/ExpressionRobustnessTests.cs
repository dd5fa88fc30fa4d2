using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Expressions;
using static MarketingWorkflows.Tests.Expressions.CampaignScope;

namespace MarketingWorkflows.Tests.Expressions;

/// <summary>
/// Throws generated text at the compiler: random token streams and random characters must always
/// compile or produce positioned errors, never an unexpected exception or a hang, and whatever
/// compiles must evaluate or fail with <see cref="ExpressionEvaluationException"/> only.
/// </summary>
public class ExpressionRobustnessTests
{
    private static readonly string[] Vocabulary =
    [
        "budget", "budget.amount", "budget.currency", "regions", "region", "channels", "startAt", "launchAt", "leadTime",
        "expectedLeads", "consumer", "items", "optional", "name", "args", "args.reason", "args.amount", "i", "c", "i.done",
        "10000", "0", "2.5", "'EU'", "'email'", "\"x\"", "true", "false", "null", "2026-03-01", "2026-03-01T09:00:00Z",
        "3d", "48h", "10000 EUR", "5 USD", "and", "or", "not", "in", "not in", "(", ")", "[", "]", ",", ".", "=>",
        "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "len(", "any(", "all(", "contains(", "startsWith(",
        "now()", "today()", "days(", "i =>", "c =>", "=", "!", "&&", "'", "#", "\n",
    ];

    [Fact]
    public void Random_token_streams_compile_or_fail_cleanly()
    {
        var random = new Random(20261122);
        var compiled = 0;
        var watch = Stopwatch.StartNew();
        for (var n = 0; n < 30_000; n++)
        {
            var text = new StringBuilder();
            var count = random.Next(1, 25);
            for (var t = 0; t < count; t++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(4) == 0 ? string.Empty : " ");
            }

            if (CheckOne(text.ToString()))
            {
                compiled++;
            }
        }

        compiled.Should().BeGreaterThan(100, "the generator should also produce valid expressions, so evaluation is exercised");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(2), "compiling must never hang");
    }

    [Fact]
    public void Random_characters_compile_or_fail_cleanly()
    {
        var random = new Random(7);
        const string alphabet = "abcdeinortu _.,()[]'\"=<>!+-*/&|#0123456789dhmswEUR:T\n\t\u00e9\u0000\u2028";
        for (var n = 0; n < 30_000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            CheckOne(new string(chars));
        }
    }

    [Fact]
    public void Mutated_valid_expressions_compile_or_fail_cleanly()
    {
        string[] seeds =
        [
            "budget.amount >= 10000 and ('EU' in regions or 'UK' in regions)",
            "any(items, i => i.id == 'legal' and not i.done) or len(channels) > 2",
            "startAt - 3d >= today() and launchAt > now() + 48h",
            "budget >= 100000 EUR and region not in ['US', 'APAC']",
        ];
        var random = new Random(99);
        foreach (var seed in seeds)
        {
            for (var n = 0; n < 5_000; n++)
            {
                var text = new StringBuilder(seed);
                for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
                {
                    var at = random.Next(text.Length);
                    switch (random.Next(3))
                    {
                        case 0: text.Remove(at, 1); break;
                        case 1: text.Insert(at, seed[random.Next(seed.Length)]); break;
                        default: text[at] = seed[random.Next(seed.Length)]; break;
                    }
                }

                CheckOne(text.ToString());
            }
        }
    }

    private static readonly JsonElement[] DataVariants =
    [
        Sample,
        JsonDocument.Parse("{}").RootElement,
        JsonDocument.Parse("""{ "budget": null, "regions": [], "items": [ {} ], "channels": [null] }""").RootElement,
    ];

    private static bool CheckOne(string text)
    {
        IReadOnlyList<ExpressionError> errors;
        CompiledExpression? expression;
        try
        {
            CompiledExpression.TryCompile(text, Scope, out expression, out errors);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Compiling {JsonSerializer.Serialize(text)} threw {ex}");
        }

        if (expression is null)
        {
            errors.Should().NotBeEmpty();
            foreach (var error in errors)
            {
                error.Code.Should().MatchRegex("^MWF3[0-9][0-9]$");
                error.Message.Should().NotBeNullOrWhiteSpace();
                error.Offset.Should().BeInRange(0, text.Length, "for {0}", text);
                (error.Offset + error.Length).Should().BeLessThanOrEqualTo(text.Length, "for {0}", text);
                error.Line.Should().BeGreaterThan(0);
                error.Column.Should().BeGreaterThan(0);
            }

            return false;
        }

        foreach (var data in DataVariants)
        {
            try
            {
                expression.Evaluate(new ExpressionContext(data, JsonDocument.Parse("""{ "reason": "r" }""").RootElement, Now));
            }
            catch (ExpressionEvaluationException)
            {
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Evaluating {JsonSerializer.Serialize(text)} threw {ex}");
            }
        }

        return true;
    }
}
