using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The analytics view in headless Chromium over the demo data: an ops lead opens it and sees the
/// four charts with bars and the tables; a screenshot is saved beside the test results.
/// </summary>
public sealed class AnalyticsPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly ApiFactory _factory = new("Development", new Dictionary<string, string?> { ["Api:SeedDemo"] = "true" });
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _address = string.Empty;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).Should().BeTrue($"the browser test drives Debian's Chromium at {Chromium} (apt-get install chromium; .ci/run installs it)");
        _factory.UseKestrel(0);
        _factory.StartServer();
        _address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task An_ops_lead_sees_the_monthly_review_charts_for_the_demo_data()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.GotoAsync("/");
        await page.Locator("#user").SelectOptionAsync("otto");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Signed in as otto.");

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

        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "operator-analytics.png"), FullPage = true });

        // Another process, chosen in the filter, reloads every chart for it.
        await page.GetByLabel("Process").SelectOptionAsync("content-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("figure[data-chart=time-in-state] svg")).ToContainTextAsync("InReview");
    }
}
