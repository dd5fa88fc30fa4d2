using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// A whole launch from the operator page alone, in headless Chromium, by each person involved
/// signing in and out in turn: the owner drafts and submits a campaign, finance sends it back once
/// and then approves it, legal hands the legal role to a colleague who approves on legal's behalf,
/// brand and legal review the content, the checklist's owners do their items, ops and the owner
/// say Go, and ops launches the campaign. Every step leaves a screenshot in
/// TestResults/screenshots.
/// </summary>
public sealed class LaunchBrowserTests : BrowserTest
{
    private const string Campaign = "Nordic launch";
    private const string Content = "Nordic launch: Nordic launch email";
    private const string Checklist = "Launch checklist: Nordic launch";
    private int _step;

    public LaunchBrowserTests(ITestOutputHelper output)
        : base(new ApiFactory())
    {
        Output = output;
    }

    [Fact]
    public async Task A_campaign_goes_from_draft_to_live_by_clicking_with_one_send_back_and_one_approval_on_someones_behalf()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signed-in")).ToBeHiddenAsync();
        await StepAsync(page, "signed-out");

        // ana drafts the campaign and submits it.
        await SignInAsync(page, "ana");
        await page.GetByRole(AriaRole.Link, new() { Name = "New campaign" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(Campaign);
        await page.GetByLabel("Budget").FillAsync("20000");
        await page.GetByLabel("Regions").FillAsync("EU");
        await page.GetByLabel("Channels").FillAsync("email, social");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start campaign" }).ClickAsync();
        await ExpectStateAsync(page, "Draft");
        await Assertions.Expect(page.Locator("dd[data-field=budget]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("20,000"));
        await Assertions.Expect(page.Locator("dd[data-field=regions]")).ToHaveTextAsync("EU");
        await Assertions.Expect(page.Locator("[data-trigger=Escalate]")).ToHaveCountAsync(0);
        await StepAsync(page, "ana-drafted");
        await FireAsync(page, "Submit", "Budget review");
        await StepAsync(page, "ana-submitted");

        // fiona sends it back once; ana resubmits; fiona approves.
        await SignInAsync(page, "fiona");
        await OpenAsync(page, Campaign);
        await page.GetByLabel("Comment").FillAsync("Split the budget by month");
        await FireAsync(page, "RequestChanges", "Changes requested");
        await StepAsync(page, "fiona-sent-back");

        await SignInAsync(page, "ana");
        await OpenAsync(page, Campaign);
        await FireAsync(page, "Resubmit", "Budget review");
        await StepAsync(page, "ana-resubmitted");

        await SignInAsync(page, "fiona");
        await OpenAsync(page, Campaign);
        await page.GetByLabel("Comment").FillAsync("Monthly split works");
        await FireAsync(page, "Approve", "Legal review");
        await StepAsync(page, "fiona-approved");

        // lea is away: she hands the legal role to mia for three days.
        await SignInAsync(page, "lea");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delegations" }).ClickAsync();
        await page.GetByLabel("Delegate (user id)").FillAsync("mia");
        await page.GetByLabel("legal", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Until *").FillAsync(DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delegate", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-list=given] tr[data-delegate=mia]")).ToContainTextAsync("legal");
        await StepAsync(page, "lea-delegated-to-mia");

        // mia acts for lea and approves the legal review.
        await SignInAsync(page, "mia");
        await page.Locator("#acting").SelectOptionAsync("lea");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("mia is acting for lea.");
        await OpenAsync(page, Campaign);
        await Assertions.Expect(page.Locator(".acting")).ToContainTextAsync("on behalf of lea");
        await page.GetByLabel("Comment").FillAsync("Consent wording checked for lea");
        await FireAsync(page, "Approve", "Approved");
        await Assertions.Expect(page.Locator("ol.history li[data-on-behalf-of=lea][data-actor=mia]")).ToContainTextAsync("mia on behalf of lea");
        await StepAsync(page, "mia-approved-for-lea");

        // ana starts the content review from the campaign and submits it.
        await SignInAsync(page, "ana");
        await OpenAsync(page, Campaign);
        await page.GetByLabel("Asset link").FillAsync("https://assets.example.com/nordic-v1.html");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start content review" }).ClickAsync();
        await ExpectStateAsync(page, "Draft");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Content);
        await FireAsync(page, "SubmitForReview", "In review");
        await StepAsync(page, "ana-content-submitted");

        // brand and legal approve the content.
        foreach (var reviewer in new[] { "bea", "lea" })
        {
            await SignInAsync(page, reviewer);
            await OpenAsync(page, Content);
            await page.GetByLabel("Review decision").SelectOptionAsync("approved");
            await page.Locator("[data-trigger=Review] button").ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Review: done.");
            await StepAsync(page, $"{reviewer}-reviewed-content");
        }

        await ExpectStateAsync(page, "Approved");

        // ana schedules the campaign and starts its launch checklist, then signs the brief off.
        await SignInAsync(page, "ana");
        await OpenAsync(page, Campaign);
        var launchAt = DateTime.Now.AddDays(10).ToString("yyyy-MM-dd'T'10:00", CultureInfo.InvariantCulture);
        await page.Locator("[data-trigger=Schedule] input[name=launchAt]").FillAsync(launchAt);
        await FireAsync(page, "Schedule", "Scheduled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start launch checklist" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Checklist);
        await CompleteAsync(page, "brief");
        await StepAsync(page, "ana-checklist-started");

        // Each item's owner does their item.
        foreach (var (user, item) in new[] { ("cole", "copy"), ("dina", "assets"), ("alan", "tracking"), ("lea", "legal") })
        {
            await SignInAsync(page, user);
            await OpenAsync(page, Checklist);
            await CompleteAsync(page, item);
            await StepAsync(page, $"{user}-completed-{item}");
        }

        await ExpectStateAsync(page, "Ready for go/no-go");

        // Ops and the owner both say Go.
        await SignInAsync(page, "otto");
        await OpenAsync(page, Checklist);
        await FireAsync(page, "Go", "Ready for go/no-go");
        await StepAsync(page, "otto-go");
        await SignInAsync(page, "ana");
        await OpenAsync(page, Checklist);
        await FireAsync(page, "Go", "Scheduled");
        await StepAsync(page, "ana-go");

        // Ops launches the campaign.
        await SignInAsync(page, "otto");
        await OpenAsync(page, Campaign);
        await FireAsync(page, "Launch", "Live");
        var history = page.Locator("ol.history");
        await Assertions.Expect(history).ToContainTextAsync("Split the budget by month");
        await Assertions.Expect(history.Locator("li[data-actor=fiona]")).ToHaveCountAsync(2);
        await Assertions.Expect(history.Locator("li[data-on-behalf-of=lea]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("mia on behalf of lea: approved"));
        await Assertions.Expect(history.Locator("li[data-actor=otto]")).ToContainTextAsync("Launch");
        await StepAsync(page, "otto-launched");

        // The board: one section per process, columns in the process's order, cards named after the campaign.
        await page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section[data-process=campaign-approval] section[data-state=Live]")).ToContainTextAsync(Campaign);
        await Assertions.Expect(page.Locator("section[data-process=launch-checklist] section[data-state=Scheduled]")).ToContainTextAsync(Checklist);
        await Assertions.Expect(page.Locator("section[data-process=content-review] section[data-state=Approved] h3")).ToHaveTextAsync("Approved (1)");
        await StepAsync(page, "board-live");
    }

    private static async Task OpenAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await page.Locator("a.card strong").GetByText(name, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
    }

    private static async Task FireAsync(IPage page, string trigger, string state)
    {
        var button = page.Locator($"[data-trigger={trigger}] button");
        await Assertions.Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        await ExpectStateAsync(page, state);
    }

    private static async Task CompleteAsync(IPage page, string item)
    {
        var button = page.Locator($"[data-trigger=\"Complete:{item}\"] button");
        await Assertions.Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-item={item}]")).ToContainTextAsync("Done");
    }

    private static Task ExpectStateAsync(IPage page, string title)
        => Assertions.Expect(page.Locator("#state")).ToHaveTextAsync(title);

    private Task<string> StepAsync(IPage page, string name)
        => ScreenshotAsync(page, $"launch-{++_step:00}-{name}");
}
