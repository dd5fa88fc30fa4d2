using Microsoft.Playwright;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The analytics view in headless Chromium over the demo data: an ops lead opens it and sees the
/// four charts with bars and the tables; a screenshot is saved beside the test results.
/// </summary>
public sealed class AnalyticsPageTests() : BrowserTest(new ApiFactory("Development", new Dictionary<string, string?> { ["Api:SeedDemo"] = "true" }))
{
    [Fact]
    public async Task An_ops_lead_sees_the_monthly_review_charts_for_the_demo_data()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await SignInAsync(page, "otto");

        await page.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics" })).ToBeVisibleAsync();
        foreach (var chart in new[] { "time-in-state", "turnaround", "sla", "budget" })
        {
            await Assertions.Expect(page.Locator($"figure[data-chart={chart}] svg rect.bar").First).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("figure[data-chart=turnaround] svg")).ToContainTextAsync("fiona");
        await Assertions.Expect(page.Locator("figure[data-chart=budget] svg")).ToContainTextAsync("email (EUR)");
        (await page.Locator("figure[data-chart=budget] rect.bar[data-series=actual]").CountAsync()).Should().BeGreaterThan(0);
        await Assertions.Expect(page.Locator("section[data-table=rework] table")).ToContainTextAsync("campaign-approval");
        await Assertions.Expect(page.Locator("figure[data-chart=sla] svg")).ToContainTextAsync("BudgetReview");

        await ScreenshotAsync(page, "operator-analytics");

        // Another process, chosen in the filter, reloads every chart for it.
        await page.GetByLabel("Process").SelectOptionAsync("content-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("figure[data-chart=time-in-state] svg")).ToContainTextAsync("InReview");
    }
}
