using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Tests.Definitions.Files;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Tests.Expressions;

public class GuardFunctionCompileTests
{
    private static readonly GuardFunction BudgetLeft = GuardFunction.Create<string, Money>("budgetLeft", (_, _, _) => ValueTask.FromResult(new Money(0, "EUR")));

    private static readonly GuardFunctionCatalog Catalog = new([BudgetLeft]);

    /// <summary>Loads samples/MarketingWorkflows.Api/Definitions/regional-campaign.yaml with its guard replaced, and returns the errors and where the guard's line is.</summary>
    private static (IReadOnlyList<DefinitionError> Errors, int Line, int Column) LoadWithGuard(string guard, GuardFunctionCatalog? catalog = null)
    {
        var text = File.ReadAllText(ExampleDefinitionsTests.RegionalCampaignPath).ReplaceLineEndings("\n")
            .Replace("guard: \"budgetLeft(region) >= budget\"", $"guard: \"{guard}\"", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("guard: ", StringComparison.Ordinal));
        var column = lines[line].IndexOf('"', StringComparison.Ordinal) + 2;
        var result = YamlDefinitions.Loader.WithGuardFunctions(catalog ?? Catalog).Load(text, "regional-campaign.yaml");
        return (result.Errors, line + 1, column);
    }

    [Fact]
    public void The_example_calls_its_guard_function_without_problems()
    {
        var (errors, _, _) = LoadWithGuard("budgetLeft(region) >= budget");

        errors.Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_function_is_located_at_its_name_with_the_closest_registered_one()
    {
        var (errors, line, column) = LoadWithGuard("budgetLef(region) >= budget");

        var error = errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ExpressionErrorCodes.UnknownFunction);
        (error.File, error.Line, error.Column).Should().Be(("regional-campaign.yaml", line, column));
        error.Message.Should().Contain("There is no function 'budgetLef'. Did you mean 'budgetLeft'?").And.Contain("budgetLeft()");
    }

    [Fact]
    public void A_guard_function_the_loader_does_not_know_is_unknown_and_says_how_to_make_it_known()
    {
        var (errors, _, _) = LoadWithGuard("budgetLeft(region) >= budget", GuardFunctionCatalog.Empty);

        var error = errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ExpressionErrorCodes.UnknownFunction);
        error.Message.Should().Contain("AddGuardFunction");
    }

    [Fact]
    public void A_call_with_the_wrong_number_of_arguments_is_located_and_shows_the_declaration()
    {
        var (errors, line, column) = LoadWithGuard("budgetLeft(region, name) >= budget");

        var error = errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ExpressionErrorCodes.ArgumentCount);
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().Contain("budgetLeft() takes 1 argument, not 2: budgetLeft(string) gives a money");
    }

    [Fact]
    public void An_argument_of_the_wrong_type_is_located_at_the_argument()
    {
        var (errors, line, column) = LoadWithGuard("budgetLeft(budget) >= budget");

        var error = errors.Should().ContainSingle().Subject;
        error.Code.Should().Be(ExpressionErrorCodes.TypeMismatch);
        (error.Line, error.Column).Should().Be((line, column + "budgetLeft(".Length));
        error.Message.Should().Contain("Argument 1 of budgetLeft() is a string, but 'budget' is a money");
    }

    [Fact]
    public void The_result_is_typed_as_the_function_declares()
    {
        var (errors, _, _) = LoadWithGuard("budgetLeft(region) >= 1000");

        errors.Should().ContainSingle().Which.Code.Should().Be(ExpressionErrorCodes.TypeMismatch);
    }

    [Fact]
    public void An_enum_parameter_refuses_a_literal_it_never_holds()
    {
        var weekday = new GuardFunction("openOn", [ExpressionType.Enum(["mon", "tue"])], ExpressionType.Boolean, (_, _, _) => ValueTask.FromResult<object?>(true));
        var scope = new ExpressionScope().WithFunctions(new GuardFunctionCatalog([weekday]));

        CompiledExpression.TryCompileCondition("openOn('sun')", scope, out _, out var errors).Should().BeFalse();

        errors.Should().ContainSingle().Which.Code.Should().Be(ExpressionErrorCodes.UnknownEnumValue);
    }

    [Fact]
    public void A_guard_function_is_not_callable_in_a_stage_condition_or_a_deadline()
    {
        var definition = RegionalCampaignWithStageCondition();

        definition.Errors.Should().ContainSingle().Which.Code.Should().Be(ExpressionErrorCodes.UnknownFunction);
    }

    [Fact]
    public void Evaluating_a_guard_function_call_outside_the_engine_says_only_the_engine_calls_it()
    {
        var scope = new ExpressionScope(ExpressionType.Object([new("region", ExpressionType.String)])).WithFunctions(Catalog);
        var expression = CompiledExpression.CompileCondition("budgetLeft(region) >= 10 EUR", scope);
        var data = System.Text.Json.JsonSerializer.SerializeToElement(new { region = "EU" });

        var act = () => expression.EvaluateCondition(new ExpressionContext(data, default, MarketingWorkflows.Tests.Engine.EngineHarness.Monday));

        act.Should().Throw<ExpressionEvaluationException>().WithMessage("*only the engine calls it*");
    }

    [Theory]
    [InlineData("len")]
    [InlineData("and")]
    [InlineData("args")]
    [InlineData("budget-left")]
    [InlineData("1budget")]
    public void A_guard_function_needs_a_name_of_its_own(string name)
    {
        var act = () => GuardFunction.Create<string, bool>(name, (_, _, _) => ValueTask.FromResult(true));

        act.Should().Throw<ArgumentException>().WithMessage($"*'{name}' cannot name a guard function*");
    }

    [Fact]
    public void A_guard_function_takes_only_the_types_guards_have()
    {
        var act = () => GuardFunction.Create<int, bool>("tooPlain", (_, _, _) => ValueTask.FromResult(true));

        act.Should().Throw<ArgumentException>().WithMessage("*uses the type Int32*decimal*");
    }

    [Fact]
    public void Two_functions_with_one_name_are_refused()
    {
        var act = () => new GuardFunctionCatalog([BudgetLeft, GuardFunction.Create<string, Money>("budgetLeft", (_, _, _) => ValueTask.FromResult(new Money(1, "EUR")))]);

        act.Should().Throw<ArgumentException>().WithMessage("*'budgetLeft' is registered twice*");
    }

    private static DefinitionLoadResult RegionalCampaignWithStageCondition()
    {
        var text = File.ReadAllText(ExampleDefinitionsTests.RegionalCampaignPath).ReplaceLineEndings("\n")
            .Replace("""
              - name: Review
                transitions:
            """.ReplaceLineEndings("\n"), """
              - name: Review
                deadline: { at: "budgetLeft(region)", onTimeout: Withdraw }
                transitions:
            """.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        return YamlDefinitions.Loader.WithGuardFunctions(Catalog).Load(text, "regional-campaign.yaml");
    }
}
