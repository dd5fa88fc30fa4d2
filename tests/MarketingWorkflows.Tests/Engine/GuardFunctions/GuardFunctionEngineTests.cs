using MarketingWorkflows.Engine;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine.GuardFunctions;

public class GuardFunctionEngineTests
{
    [Fact]
    public async Task Guard_passes_on_the_functions_answer_and_the_entry_records_the_call()
    {
        var campaign = RegionalCampaign.WithBudgets(("EU", 50_000));
        var instance = await campaign.StartAsync("EU", 20_000);

        var result = await campaign.SubmitAsync(instance.Id);

        result.Instance.State.Should().Be("Review");
        var entry = (await campaign.Engine.GetHistoryAsync(instance.Id)).Single(e => e.Kind == HistoryKind.Transition);
        var call = entry.Arguments!.Value.GetProperty("$guardCalls").EnumerateArray().Single();
        call.GetProperty("function").GetString().Should().Be("budgetLeft");
        call.GetProperty("arguments").GetRawText().Should().Be("""["EU"]""");
        call.GetProperty("result").GetRawText().Should().Be("""{"amount":50000,"currency":"EUR"}""");
        (await campaign.Engine.VerifyHistoryAsync(instance.Id)).IsValid.Should().BeTrue("the recorded call is part of the hashed entry");
    }

    [Fact]
    public async Task Guard_refuses_when_the_function_says_the_budget_is_not_there()
    {
        var campaign = RegionalCampaign.WithBudgets(("EU", 5_000));
        var instance = await campaign.StartAsync("EU", 20_000);

        var act = () => campaign.SubmitAsync(instance.Id);

        (await act.Should().ThrowAsync<CommandNotPermittedException>()).Which.Reasons.Should().ContainSingle()
            .Which.Should().Contain("the region has budget left for the campaign");
        (await campaign.Engine.GetAsync(instance.Id)).Version.Should().Be(instance.Version);
    }

    [Fact]
    public async Task A_function_that_throws_refuses_the_command_naming_the_function_and_commits_nothing()
    {
        var campaign = new RegionalCampaign((_, _) => throw new InvalidOperationException("the budget service is down"));
        var instance = await campaign.StartAsync("EU", 20_000);

        var act = () => campaign.SubmitAsync(instance.Id);

        var refusal = (await act.Should().ThrowAsync<GuardFunctionFailedException>()).Which;
        refusal.Function.Should().Be("budgetLeft");
        refusal.Call.Should().Be("budgetLeft('EU')");
        refusal.Failure.Should().Be(CommandFailure.GuardFunctionFailed);
        refusal.Code.Should().Be(ExpressionErrorCodes.GuardFunctionFailed);
        refusal.Message.Should().Contain("the budget service is down").And.Contain("Nothing was changed");
        refusal.Cause.Should().BeOfType<InvalidOperationException>();
        var after = await campaign.Engine.GetAsync(instance.Id);
        after.Version.Should().Be(instance.Version);
        after.State.Should().Be("Draft");
        (await campaign.Engine.GetHistoryAsync(instance.Id)).Should().ContainSingle("only the start is recorded");
    }

    [Fact]
    public async Task A_function_that_answers_too_late_refuses_the_command_within_the_time_limit()
    {
        var options = new MarketingWorkflowsOptions { GuardFunctionTimeout = TimeSpan.FromMilliseconds(100) };

        // The function ignores its token: the engine's limit holds all the same.
        var never = new TaskCompletionSource<Money>();
        var campaign = new RegionalCampaign((_, _) => new ValueTask<Money>(never.Task), options);
        var instance = await campaign.StartAsync("EU", 20_000);

        var act = () => campaign.SubmitAsync(instance.Id);

        var refusal = (await act.Should().ThrowAsync<GuardFunctionFailedException>()).Which;
        refusal.Function.Should().Be("budgetLeft");
        refusal.Message.Should().Contain("did not answer within 100 ms");
        refusal.Cause.Should().BeNull();
        (await campaign.Engine.GetAsync(instance.Id)).State.Should().Be("Draft");
    }

    [Fact]
    public async Task A_function_that_answers_with_another_currency_than_it_declares_is_a_failure_not_an_answer()
    {
        var function = new GuardFunction("budgetLeft", [ExpressionType.String], ExpressionType.Money("EUR"), (_, _, _) => ValueTask.FromResult<object?>(new Money(1_000_000, "USD")));
        var definition = RegionalCampaign.Load(new GuardFunctionCatalog([function]));
        var registry = new MarketingWorkflows.Definitions.ProcessDefinitionRegistry();
        registry.Register(definition);
        var engine = new ProcessEngine(registry, new MarketingWorkflows.Storage.InMemoryProcessStore(), timeProvider: new ManualClock(EngineHarness.Monday));
        var instance = await engine.StartAsync("regional-campaign", RegionalCampaign.Data("EU", 20_000), RegionalCampaign.Ana);

        var act = () => engine.FireAsync(new ProcessCommand(instance.Id, "Submit", RegionalCampaign.Ana));

        (await act.Should().ThrowAsync<GuardFunctionFailedException>()).Which.Message
            .Should().Contain("it returned 1000000 USD (money), but it is declared to return a money (EUR)");
    }

    [Fact]
    public async Task What_can_I_do_asks_the_function_and_agrees_with_the_command()
    {
        var campaign = RegionalCampaign.WithBudgets(("EU", 50_000), ("US", 1_000));
        var rich = await campaign.StartAsync("EU", 20_000);
        var poor = await campaign.StartAsync("US", 20_000);

        var richSubmit = (await campaign.Engine.GetAvailableActionsAsync(rich.Id, RegionalCampaign.Ana)).Single(a => a.Trigger == "Submit");
        var poorSubmit = (await campaign.Engine.GetAvailableActionsAsync(poor.Id, RegionalCampaign.Ana)).Single(a => a.Trigger == "Submit");

        richSubmit.Allowed.Should().BeTrue();
        poorSubmit.Allowed.Should().BeFalse();
        poorSubmit.Reasons.Should().ContainSingle().Which.Should().Contain("the region has budget left for the campaign");
        (await campaign.SubmitAsync(rich.Id)).Instance.State.Should().Be("Review");
        await ((Func<Task>)(() => campaign.SubmitAsync(poor.Id))).Should().ThrowAsync<CommandNotPermittedException>();
    }

    [Fact]
    public async Task What_can_I_do_shows_a_failing_function_as_the_reason_the_action_is_not_available()
    {
        var campaign = new RegionalCampaign((_, _) => throw new TimeoutException("no answer"));
        var instance = await campaign.StartAsync("EU", 20_000);

        var actions = await campaign.Engine.GetAvailableActionsAsync(instance.Id, RegionalCampaign.Ana);

        var submit = actions.Single(a => a.Trigger == "Submit");
        submit.Allowed.Should().BeFalse();
        submit.Reasons.Should().ContainSingle().Which.Should().Be("the guard's function failed: budgetLeft('EU'): it threw TimeoutException: no answer");
        await ((Func<Task>)(() => campaign.SubmitAsync(instance.Id))).Should().ThrowAsync<GuardFunctionFailedException>();
    }

    [Fact]
    public async Task Each_distinct_call_is_made_once_per_command()
    {
        var campaign = RegionalCampaign.WithBudgets(("EU", 50_000));
        var instance = await campaign.StartAsync("EU", 20_000);

        await campaign.SubmitAsync(instance.Id);

        campaign.Calls.Should().Be(1);
    }
}
