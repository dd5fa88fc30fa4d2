using MarketingWorkflows.Expressions;
using static MarketingWorkflows.Tests.Expressions.CampaignScope;

namespace MarketingWorkflows.Tests.Expressions;

public class ExpressionCompileErrorTests
{
    private static ExpressionError Single(string text)
    {
        var errors = Errors(text);
        errors.Should().ContainSingle("'{0}' should report exactly one problem, but reported: {1}", text, string.Join(" | ", errors));
        return errors[0];
    }

    [Fact]
    public void Unknown_field_names_the_position_and_suggests_the_nearest_name()
    {
        var error = Single("budgt.amount >= 10000");
        error.Code.Should().Be(ExpressionErrorCodes.UnknownName);
        (error.Line, error.Column, error.Length).Should().Be((1, 1, 5));
        error.Message.Should().Be("There is no field 'budgt'. Did you mean 'budget'?");
    }

    [Fact]
    public void Unknown_nested_field_and_unknown_argument_are_reported_at_the_member()
    {
        Single("any(items, i => i.dne)").Message.Should().Be("'i' has no field 'dne'. Did you mean 'done'?");
        var error = Single("args.resaon == 'x'");
        error.Message.Should().Be("The trigger has no argument 'resaon'. Did you mean 'reason'?");
        error.Column.Should().Be(1);
        Single("budget.total > 1").Message.Should().Be("Money has the fields 'amount' and 'currency', not 'total'.");
    }

    [Fact]
    public void Args_is_unknown_where_no_arguments_exist()
        => CompiledExpression.TryCompile("args.reason == 'x'", new ExpressionScope(Data), out _, out var errors).Should().BeFalse()
            .And.Subject.Should().BeFalse(because: errors[0].Message);

    [Fact]
    public void Errors_on_later_lines_carry_their_line_and_column()
    {
        var error = Single("budget.amount >= 10000\n  and regoins == 'EU'");
        (error.Line, error.Column).Should().Be((2, 7));
        error.Offset.Should().Be(29);
    }

    [Theory]
    [InlineData("budget.amount >= 'high'", "'budget.amount' is a number and 'high' is a string; they cannot be compared.")]
    [InlineData("budget >= 10000", "'budget' is a money and '10000' is a number; they cannot be compared. Write the amount with its currency (10000 EUR), or compare '.amount' with a number.")]
    [InlineData("startAt < now()", "'startAt' is a date and 'now()' is a datetime; they cannot be compared. Compare dates with dates (today()) and date-times with date-times (now()).")]
    [InlineData("name > 'a'", "'name' is a string, which has no order; '<', '<=', '>' and '>=' compare numbers, money, dates, date-times and durations.")]
    [InlineData("expectedLeads and consumer", "'and' joins true/false conditions, but 'expectedLeads' is a number. Compare it with something, as in 'x > 0'.")]
    [InlineData("not name", "'not' needs a true/false value, but 'name' is a string.")]
    [InlineData("-name == 'x'", "'-' negates a number, an amount of money or a duration, but 'name' is a string.")]
    [InlineData("name * 2 == 'x'", "'*' cannot combine a string ('name') with a number ('2').")]
    [InlineData("'EU' in name", "'in' needs a list on its right, but 'name' is a string. To look for text inside a string, use contains(text, part).")]
    [InlineData("regions == 'EU'", "'regions' is a list of enum (EU, UK, US, APAC) and 'EU' is a string; they cannot be compared. To test membership, use 'in' or contains(list, value).")]
    [InlineData("len(budget) > 1", "len() measures a string or a list, but 'budget' is a money.")]
    [InlineData("any(name, c => true)", "any() needs a list first, but 'name' is a string.")]
    [InlineData("any(channels, c => c)", "The condition of any() must be true or false, but 'c' is a string.")]
    [InlineData("any(channels, 'email')", "The second argument of any() is a condition on each element, written 'x => ...', as in any(channels, c => c == 'email').")]
    [InlineData("days(startAt, launchAt) > 1", "days(from, to) counts the days between two dates or two date-times, but it was given a date and a datetime.")]
    [InlineData("startsWith(channels, 'e')", "startsWith() takes two strings, but it was given a list of string and a string.")]
    [InlineData("budget.amount.value > 1", "'budget.amount' is a number, which has no fields; '.value' needs an object.")]
    [InlineData("optional < null", "Only '==' and '!=' compare with null.")]
    public void Type_errors_explain_what_was_expected(string text, string message)
    {
        var error = Single(text);
        error.Code.Should().Be(ExpressionErrorCodes.TypeMismatch);
        error.Message.Should().Be(message);
    }

    [Theory]
    [InlineData("fee >= 10000 USD", 1, 16)]
    [InlineData("fee > 10 USD", 1, 12)]
    [InlineData("10 EUR + 5 GBP == 15 EUR", 1, 14)]
    public void Money_in_different_currencies_is_a_load_time_error(string text, int column, int length)
    {
        var error = Single(text);
        error.Code.Should().Be(ExpressionErrorCodes.CurrencyMismatch);
        (error.Column, error.Length).Should().Be((column, length));
        error.Message.Should().Contain("amounts in different currencies cannot be compared or combined");
    }

    [Fact]
    public void A_string_an_enum_never_holds_is_an_error_with_a_suggestion()
    {
        var error = Single("region == 'Eu'");
        error.Code.Should().Be(ExpressionErrorCodes.UnknownEnumValue);
        error.Message.Should().Be("'Eu' is never a value here: the allowed values are 'EU', 'UK', 'US', 'APAC'. Did you mean 'EU'?");
        Single("'EMEA' in regions").Code.Should().Be(ExpressionErrorCodes.UnknownEnumValue);
        Single("region in ['EU', 'LATAM']").Column.Should().Be(18);
    }

    [Theory]
    [InlineData("budget.amount >= ", 1, 18, "Expected a value, a name or '(' but found the end of the expression.")]
    [InlineData("budget.amount = 10", 1, 15, "A single '=' is not an operator: use '==' to compare.")]
    [InlineData("consumer && true", 1, 10, "'&' is not an operator: write 'and'.")]
    [InlineData("consumer || true", 1, 10, "'|' is not an operator: write 'or'.")]
    [InlineData("!consumer", 1, 1, "'!' is not an operator: write 'not' to negate, or '!=' to compare.")]
    [InlineData("name == 'abc", 1, 9, "The string starting here has no closing '.")]
    [InlineData("(1 + 2", 1, 7, "Expected ')' but found the end of the expression.")]
    [InlineData("1 < 2 < 3", 1, 7, "Comparisons do not chain: join them with 'and', as in 'a < b and b < c'.")]
    [InlineData("consumer AND true", 1, 10, "Expected an operator or the end of the expression but found a name. Operators are lower case: 'and'.")]
    [InlineData("leadTime > 3 days", 1, 14, "Expected an operator or the end of the expression but found a name. A unit follows its number without a space (3d, 48h); a currency follows its amount after a space, in capitals (100 EUR).")]
    [InlineData("leadTime > 3days", 1, 12, "'3days' is not a duration: use a number with one of the units w, d, h, m, s (for example 3d or 48h).")]
    [InlineData("startAt > 2026-02-30", 1, 11, "'2026-02-30' is not a date or date-time: write a date as 2026-03-01 and a date-time as 2026-03-01T09:30:00Z (or with an offset such as +02:00).")]
    [InlineData("regions == [1]", 1, 12, "A list in brackets can only follow 'in', as in \"region in ['EU', 'UK']\".")]
    [InlineData("name # 1", 1, 6, "The character '#' cannot appear here.")]
    [InlineData("", 1, 1, "The expression is empty.")]
    [InlineData("   ", 1, 1, "The expression is empty.")]
    [InlineData("budget.", 1, 8, "Expected a field name after '.' but found the end of the expression.")]
    [InlineData("len(channels", 1, 13, "Expected ',' or ')' but found the end of the expression.")]
    public void Syntax_errors_say_what_was_expected_where(string text, int line, int column, string message)
    {
        var error = Single(text);
        error.Code.Should().Be(ExpressionErrorCodes.Syntax);
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().Be(message);
    }

    [Fact]
    public void Unknown_functions_and_wrong_argument_counts_have_their_own_codes()
    {
        var unknown = Single("lenght(name) > 1");
        unknown.Code.Should().Be(ExpressionErrorCodes.UnknownFunction);
        unknown.Message.Should().StartWith("There is no function 'lenght'. Did you mean 'len'?");
        var arity = Single("contains(name) ");
        arity.Code.Should().Be(ExpressionErrorCodes.ArgumentCount);
        arity.Message.Should().Be("contains() takes 2 arguments, not 1: contains(text, part) or contains(list, value).");
        Single("now").Message.Should().Be("'now' is a function: call it with parentheses, as in now(...).");
    }

    [Fact]
    public void A_lambda_parameter_may_not_hide_a_field()
        => Single("any(channels, name => name == 'x')").Message.Should().Be("The name 'name' is already taken; give the element another name.");

    [Fact]
    public void Independent_type_errors_are_all_reported_in_order()
    {
        var errors = Errors("budgt > 1 and regoins == 'EU' and name > 'a'");
        errors.Select(e => e.Column).Should().Equal(1, 15, 35);
    }

    [Fact]
    public void One_mistake_is_reported_once_not_at_every_enclosing_operator()
        => Errors("(budgt.amount + 1) * 2 > 10 and true").Should().ContainSingle();

    [Fact]
    public void A_condition_must_be_boolean()
    {
        CompiledExpression.TryCompileCondition("budget.amount + 1", Scope, out _, out var errors).Should().BeFalse();
        errors.Should().ContainSingle().Which.Message.Should().Be("A condition must be true or false, but this expression is a number. Compare it with something, as in 'x > 0'.");
    }

    [Fact]
    public void Compile_throws_an_exception_listing_every_error()
    {
        var act = () => CompiledExpression.Compile("budgt > 1 and regoins == 'EU'", Scope);
        act.Should().Throw<ExpressionException>()
            .Which.Errors.Should().HaveCount(2);
    }

    [Fact]
    public void Limits_bound_length_nesting_and_lambda_depth()
    {
        Single(new string('(', 100) + "1" + new string(')', 100)).Code.Should().Be(ExpressionErrorCodes.Limit);
        Single(string.Concat(Enumerable.Repeat("not ", 100)) + "true").Code.Should().Be(ExpressionErrorCodes.Limit);
        Single(string.Concat(Enumerable.Repeat("-", 100)) + "1 == 1").Code.Should().Be(ExpressionErrorCodes.Limit);
        Single("1 == " + string.Join(" + ", Enumerable.Repeat("1", 2500))).Code.Should().Be(ExpressionErrorCodes.Limit);
        Single("name == '" + new string('x', 1500) + "'").Code.Should().Be(ExpressionErrorCodes.Limit);
        Single("any(items, a => any(items, b => any(items, c => any(items, d => any(items, e => true)))))").Code.Should().Be(ExpressionErrorCodes.Limit);
    }
}
