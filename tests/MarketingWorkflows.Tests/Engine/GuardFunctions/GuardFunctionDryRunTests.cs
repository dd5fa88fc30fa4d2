using MarketingWorkflows.Engine;
using MarketingWorkflows.Expressions.Internal;
using MarketingWorkflows.Instances;
using DryRunStep = MarketingWorkflows.Engine.DryRun.DryRunStep;
using Run = MarketingWorkflows.Engine.DryRun.DryRun;

namespace MarketingWorkflows.Tests.Engine.GuardFunctions;

public class GuardFunctionDryRunTests
{
    private static DryRunStep Submit()
    {
        DryRunStep.TryParse("Submit by ana (marketer)", 1, out var step, out var error).Should().BeTrue(error);
        return step;
    }

    [Fact]
    public async Task For_every_budget_and_answer_a_dry_run_given_the_recorded_answers_decides_as_the_engine_did()
    {
        // Seeded: a failure names the seed and the case, and the same run repeats it.
        const int seed = 20261205;
        var random = new Random(seed);
        var left = 0m;
        var campaign = new RegionalCampaign((_, _) => ValueTask.FromResult(new Money(left, "EUR")));
        for (var i = 0; i < 60; i++)
        {
            var budget = random.Next(0, 20) * 1_000m;
            left = random.Next(0, 20) * 1_000m + (random.Next(3) == 0 ? budget : 0);
            var region = new[] { "EU", "US", "APAC" }[random.Next(3)];
            var instance = await campaign.StartAsync(region, budget);

            ProcessCommandException? engineRefusal = null;
            try
            {
                await campaign.SubmitAsync(instance.Id);
            }
            catch (ProcessCommandException ex)
            {
                engineRefusal = ex;
            }

            var history = await campaign.Engine.GetHistoryAsync(instance.Id);
            var stated = engineRefusal is null
                ? GuardCallResults.FromHistory(history.Single(e => e.Kind == HistoryKind.Transition).Arguments)
                : GuardCallResults.Empty.With(new GuardCallRecord("budgetLeft", Json($"[\"{region}\"]"), Json($$"""{"amount":{{left}},"currency":"EUR"}""")));
            var run = new Run(campaign.Definition, RegionalCampaign.Data(region, budget), campaign.Clock.GetUtcNow(), guardCalls: stated);
            run.Start(RegionalCampaign.Ana).Should().BeNull();
            var outcome = run.Apply(Submit());

            var because = $"seed {seed}, case {i}: budget {budget}, left {left} in {region}";
            outcome.Refused.Should().Be(engineRefusal is not null, because);
            outcome.To.Should().Be((await campaign.Engine.GetAsync(instance.Id)).State, because);
            outcome.Refusal?.Reasons.Should().Equal(engineRefusal!.Reasons, because);
            (budget <= left).Should().Be(engineRefusal is null, because);
            if (engineRefusal is null)
            {
                outcome.Entries.Single().Arguments!.Value.GetRawText().Should().Be(history.Last().Arguments!.Value.GetRawText(), because);
            }
        }
    }

    [Fact]
    public void A_dry_run_without_the_answer_refuses_the_step_and_names_the_call()
    {
        var definition = RegionalCampaign.Load(RegionalCampaign.WithBudgets(("EU", 1)).Catalog);
        var run = new Run(definition, RegionalCampaign.Data("EU", 100), EngineHarness.Monday);

        var outcome = run.Apply(Submit());

        outcome.Refused.Should().BeTrue();
        outcome.Refusal.Should().BeOfType<GuardFunctionFailedException>().Which.Call.Should().Be("budgetLeft('EU')");
        outcome.Note.Should().Contain("a dry run does not call guard functions");
        outcome.To.Should().Be("Draft");
    }

    private static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
}
