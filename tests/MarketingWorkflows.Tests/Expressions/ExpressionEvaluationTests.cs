using System.Text.Json;
using MarketingWorkflows.Expressions;
using static MarketingWorkflows.Tests.Expressions.CampaignScope;

namespace MarketingWorkflows.Tests.Expressions;

public class ExpressionEvaluationTests
{
    [Theory]
    [InlineData("10000", 10000)]
    [InlineData("12.5", 12.5)]
    [InlineData("-3", -3)]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 / 4", 2.5)]
    [InlineData("10 - 4 - 3", 3)]
    public void Numbers_follow_the_usual_precedence(string text, double expected)
        => Evaluate(text).Should().Be((decimal)expected);

    [Fact]
    public void String_literals_take_either_quote_and_double_it_to_escape()
    {
        Evaluate("'EU'").Should().Be("EU");
        Evaluate("\"EU\"").Should().Be("EU");
        Evaluate("'O''Brien'").Should().Be("O'Brien");
        Evaluate("'a' + \"b\"").Should().Be("ab");
    }

    [Fact]
    public void Date_datetime_duration_and_money_literals_have_their_own_syntax()
    {
        Evaluate("2026-03-01").Should().Be(new DateOnly(2026, 3, 1));
        Evaluate("2026-03-01T09:30:00Z").Should().Be(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));
        Evaluate("2026-03-01T09:30+02:00").Should().Be(new DateTimeOffset(2026, 3, 1, 7, 30, 0, TimeSpan.Zero));
        Evaluate("3d").Should().Be(TimeSpan.FromDays(3));
        Evaluate("48h").Should().Be(TimeSpan.FromHours(48));
        Evaluate("1.5h").Should().Be(TimeSpan.FromMinutes(90));
        Evaluate("2w").Should().Be(TimeSpan.FromDays(14));
        Evaluate("10000 EUR").Should().Be(new Money(10000, "EUR"));
        Evaluate("true").Should().Be(true);
        Evaluate("null").Should().BeNull();
    }

    [Fact]
    public void Field_paths_read_the_data_and_money_exposes_amount_and_currency()
    {
        Evaluate("name").Should().Be("Spring launch");
        Evaluate("budget").Should().Be(new Money(25000, "EUR"));
        Evaluate("budget.amount").Should().Be(25000m);
        Evaluate("budget.currency").Should().Be("EUR");
        Evaluate("startAt").Should().Be(new DateOnly(2026, 3, 1));
        Evaluate("launchAt").Should().Be(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        Evaluate("leadTime").Should().Be(TimeSpan.FromDays(3));
        Evaluate("consumer").Should().Be(true);
        Evaluate("regions").Should().BeOfType<JsonElement>();
    }

    [Fact]
    public void Trigger_arguments_are_read_under_args()
    {
        Holds("args.reason == 'too expensive'", """{ "reason": "too expensive" }""").Should().BeTrue();
        Holds("args.amount <= budget", """{ "amount": { "amount": 20000, "currency": "EUR" } }""").Should().BeTrue();
        Holds("args.reason == null", "{}").Should().BeTrue();
        Holds("args.reason == null").Should().BeTrue("no arguments at all reads as null");
    }

    [Theory]
    [InlineData("budget.amount >= 10000", true)]
    [InlineData("budget >= 10000 EUR", true)]
    [InlineData("budget > 25000 EUR", false)]
    [InlineData("budget == 25000 EUR", true)]
    [InlineData("budget != 25000.00 EUR", false)]
    [InlineData("budget.amount >= 10000 and 'EU' in regions", true)]
    [InlineData("budget.amount >= 100000 or 'UK' in regions", false)]
    [InlineData("not consumer", false)]
    [InlineData("region in ['EU', 'UK']", true)]
    [InlineData("region not in ['EU', 'UK']", false)]
    [InlineData("'UK' not in regions", true)]
    [InlineData("expectedLeads / 2 == 600", true)]
    [InlineData("startAt < 2026-03-02", true)]
    [InlineData("startAt - 3d == 2026-02-26", true)]
    [InlineData("startAt + 1w == 2026-03-08", true)]
    [InlineData("launchAt - 2026-03-01T00:00:00Z == 8h", true)]
    [InlineData("launchAt > now()", true)]
    [InlineData("startAt > today()", true)]
    [InlineData("leadTime >= 72h", true)]
    [InlineData("leadTime * 2 == 6d", true)]
    [InlineData("fee * 3 == 300 EUR", true)]
    [InlineData("budget / fee == 250", true)]
    [InlineData("-fee < 0 EUR", true)]
    [InlineData("budget.currency == 'EUR'", true)]
    public void Conditions_evaluate_over_the_data(string text, bool expected)
        => Holds(text).Should().Be(expected);

    [Theory]
    [InlineData("len(channels) == 2", true)]
    [InlineData("len(name) == 13", true)]
    [InlineData("any(channels, c => c == 'email')", true)]
    [InlineData("all(channels, c => c == 'email')", false)]
    [InlineData("any(items, i => i.id == 'legal' and not i.done)", true)]
    [InlineData("all(items, i => i.cost < 20)", true)]
    [InlineData("any(items, i => any(channels, c => c == i.id))", false)]
    [InlineData("contains(channels, 'social')", true)]
    [InlineData("contains(name, 'launch')", true)]
    [InlineData("startsWith(name, 'Spring')", true)]
    [InlineData("endsWith(name, 'Spring')", false)]
    [InlineData("days(today(), startAt) == 9", true)]
    [InlineData("days(now(), launchAt) > 8.8", true)]
    public void Functions_evaluate_over_the_data(string text, bool expected)
        => Holds(text).Should().Be(expected);

    [Theory]
    [InlineData("optional == null", true)]
    [InlineData("optional != null", false)]
    [InlineData("optional > 0", false)]
    [InlineData("optional <= 0", false)]
    [InlineData("not (optional > 0)", true)]
    [InlineData("optional + 1 == null", true)]
    [InlineData("optional in [1, 2]", false)]
    public void Missing_values_equal_null_and_make_orderings_false(string text, bool expected)
        => Holds(text).Should().Be(expected);

    [Fact]
    public void Empty_lists_make_any_false_and_all_true()
    {
        var data = JsonDocument.Parse("""{ "channels": [] }""").RootElement;
        var context = new ExpressionContext(data, default, Now);
        CompiledExpression.CompileCondition("any(channels, c => true)", Scope).EvaluateCondition(context).Should().BeFalse();
        CompiledExpression.CompileCondition("all(channels, c => false)", Scope).EvaluateCondition(context).Should().BeTrue();
        CompiledExpression.CompileCondition("len(channels) == 0", Scope).EvaluateCondition(context).Should().BeTrue();
    }

    [Fact]
    public void And_and_or_short_circuit()
    {
        // The right side would divide by zero; it is never evaluated.
        Holds("false and 1 / 0 == 1").Should().BeFalse();
        Holds("true or 1 / 0 == 1").Should().BeTrue();
    }

    [Fact]
    public void Division_by_zero_is_an_evaluation_error_naming_the_expression()
    {
        var act = () => Evaluate("expectedLeads / (2 - 2)");
        act.Should().Throw<ExpressionEvaluationException>().WithMessage("*'expectedLeads / (2 - 2)' divides by zero*");
    }

    [Fact]
    public void Money_in_another_currency_at_run_time_is_an_evaluation_error()
    {
        var act = () => Holds("args.amount <= budget", """{ "amount": { "amount": 20000, "currency": "USD" } }""");
        act.Should().Throw<ExpressionEvaluationException>().WithMessage("*mixes currencies*20000 USD*25000 EUR*");
    }

    [Fact]
    public void Data_that_does_not_match_its_schema_is_an_evaluation_error_naming_the_field()
    {
        var data = JsonDocument.Parse("""{ "expectedLeads": "many" }""").RootElement;
        var act = () => CompiledExpression.CompileCondition("expectedLeads > 10", Scope).EvaluateCondition(new ExpressionContext(data, default, Now));
        act.Should().Throw<ExpressionEvaluationException>().WithMessage("*'expectedLeads'*string 'many'*schema says number*");
    }

    [Fact]
    public void Evaluating_a_non_condition_as_a_condition_is_refused()
    {
        var act = () => CompiledExpression.Compile("budget.amount", Scope).EvaluateCondition(Context());
        act.Should().Throw<InvalidOperationException>().WithMessage("*'budget.amount' is a number, not a condition*");
    }

    [Fact]
    public void A_compiled_expression_is_safe_to_evaluate_from_many_threads()
    {
        var guard = CompiledExpression.CompileCondition("budget.amount >= 10000 and any(items, i => i.done) and 'EU' in regions", Scope);
        var results = new bool[10_000];
        Parallel.For(0, results.Length, i => results[i] = guard.EvaluateCondition(Context()));
        results.Should().AllSatisfy(r => r.Should().BeTrue());
    }
}
