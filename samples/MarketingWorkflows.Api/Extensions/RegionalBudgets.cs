using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>
/// The budget each region has left, from configuration (section <c>Budgets</c>): a stand-in for a
/// finance system. It answers the guard function <c>budgetLeft(region)</c>, which
/// samples/MarketingWorkflows.Api/Definitions/regional-campaign.yaml calls before a campaign may be submitted.
/// </summary>
public sealed class RegionalBudgets
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Budgets";

    /// <summary>The name guards call the function by.</summary>
    public const string FunctionName = "budgetLeft";

    /// <summary>Gets or sets the currency of every amount. Default: <c>EUR</c>.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>Gets the amount left in each region, by region code such as <c>EU</c>; a region not listed has none.</summary>
    public Dictionary<string, decimal> Left { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets what <paramref name="region"/> has left.</summary>
    public Money LeftIn(string region) => new(Left.GetValueOrDefault(region), Currency);
}

/// <summary>Registers <c>budgetLeft(region)</c> over <see cref="RegionalBudgets"/>.</summary>
internal static class RegionalBudgetsExtensions
{
    public static IMarketingWorkflowsBuilder AddRegionalBudgets(this IMarketingWorkflowsBuilder workflows, IConfiguration configuration)
    {
        var budgets = configuration.GetSection(RegionalBudgets.Section).Get<RegionalBudgets>() ?? new RegionalBudgets();
        if (budgets.Currency.Length != 3 || !budgets.Currency.All(char.IsAsciiLetterUpper))
        {
            throw new OptionsValidationException(RegionalBudgets.Section, typeof(RegionalBudgets), [$"Budgets:Currency is '{budgets.Currency}'; use a currency code of three capital letters, such as EUR."]);
        }

        workflows.Services.AddSingleton(budgets);
        return workflows.AddGuardFunction(RegionalBudgets.FunctionName, (string region, IServiceProvider services, CancellationToken _) =>
            ValueTask.FromResult(services.GetRequiredService<RegionalBudgets>().LeftIn(region)));
    }
}
