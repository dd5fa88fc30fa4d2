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
    protected Task<IPage> NewPageAsync() => _browser!.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1366, Height = 900 } });

    /// <summary>Signs in as a demo user with the page's sign-in form.</summary>
    protected static async Task SignInAsync(IPage page, string user)
    {
        await page.Locator("#user").SelectOptionAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"Signed in as {user}.");
    }

    /// <summary>Saves a full-page screenshot as TestResults/<paramref name="name"/>.png in the test output.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
