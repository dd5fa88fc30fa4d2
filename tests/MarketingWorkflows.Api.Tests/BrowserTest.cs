using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// A browser test: the host on a loopback port and Debian's headless Chromium (at
/// /usr/bin/chromium) driving the operator page, with screenshots saved beside the test results.
/// </summary>
public abstract class BrowserTest(ApiFactory factory) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _address = string.Empty;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).Should().BeTrue($"the browser test drives Debian's Chromium at {Chromium} (apt-get install chromium; .ci/run installs it)");
        factory.UseKestrel(0);
        factory.StartServer();
        _address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
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
        await factory.DisposeAsync();
    }

    /// <summary>A page on the host, 1366 × 900.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var page = await _browser!.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1366, Height = 900 } });
        page.PageError += (_, error) => Output?.WriteLine($"page error: {error}");
        return page;
    }

    /// <summary>Gets or sets where the paths of screenshots are printed.</summary>
    protected Xunit.Abstractions.ITestOutputHelper? Output { get; init; }

    /// <summary>Signs in as a demo user with the page's sign-in form, signing whoever is signed in out first.</summary>
    protected static async Task SignInAsync(IPage page, string user)
    {
        await SignOutAsync(page);
        await page.Locator("#user").SelectOptionAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {user}.");
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync(user);
    }

    /// <summary>Signs out with the page's Sign out button, when someone is signed in.</summary>
    protected static async Task SignOutAsync(IPage page)
    {
        if (await page.Locator("#signout").IsVisibleAsync())
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        }
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/<paramref name="name"/>.png in the test output and prints its path.</summary>
    protected async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Output?.WriteLine($"screenshot: {path}");
        return path;
    }
}
