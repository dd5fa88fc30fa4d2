using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The operator page in a real headless Chromium (Debian's, at /usr/bin/chromium) against the
/// host on a loopback port: the owner starts and submits a campaign, the approver approves it,
/// and the board shows it approved. A screenshot is saved beside the test results.
/// </summary>
public sealed class OperatorPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly ApiFactory _factory = new();
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
    public async Task An_owner_submits_a_campaign_an_approver_approves_it_and_the_board_shows_it_approved()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1366, Height = 900 } });

        // The owner signs in, starts a campaign and submits it.
        await page.GotoAsync("/");
        await SignInAsync(page, "ana");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Board" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New campaign" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Browser launch");
        await page.GetByLabel("Budget").FillAsync("20000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start campaign" }).ClickAsync();
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("Draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("BudgetReview");
        var instanceUrl = page.Url;

        // The owner may not approve: the button is disabled and says why.
        await Assertions.Expect(page.Locator("[data-trigger=Approve] button")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-trigger=Approve] .reasons")).ToContainTextAsync("not an approver");

        // The approver finds it waiting on her and approves it with a comment.
        await SignInAsync(page, "fiona");
        await page.GotoAsync("/#/?mine=1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Browser launch" }).ClickAsync();
        page.Url.Should().Be(instanceUrl);
        await page.GetByLabel("Comment").FillAsync("Within the quarter's plan");
        await page.Locator("[data-trigger=Approve] button").ClickAsync();
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("Approved");
        await Assertions.Expect(page.Locator("ol.history")).ToContainTextAsync("Within the quarter's plan");
        await Assertions.Expect(page.Locator(".state[aria-current=step]")).ToContainTextAsync("Approved");
        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "operator-instance-approved.png"), FullPage = true });

        // The board shows it among the approved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section[data-state=Approved]")).ToContainTextAsync("Browser launch");
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, "operator-board-approved.png"), FullPage = true });
    }

    private static async Task SignInAsync(IPage page, string user)
    {
        await page.Locator("#user").SelectOptionAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {user}.");
    }
}
