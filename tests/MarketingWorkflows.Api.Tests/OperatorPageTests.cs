using Microsoft.Playwright;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The operator page in a real headless Chromium (Debian's, at /usr/bin/chromium) against the
/// host on a loopback port: the owner starts and submits a campaign, the approver approves it,
/// and the board shows it approved. A screenshot is saved beside the test results.
/// </summary>
public sealed class OperatorPageTests() : BrowserTest(new ApiFactory())
{
    [Fact]
    public async Task An_owner_submits_a_campaign_an_approver_approves_it_and_the_board_shows_it_approved()
    {
        var page = await NewPageAsync();

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
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("Budget review");
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
        await ScreenshotAsync(page, "operator-instance-approved");

        // The board shows it among the approved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Board", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("section[data-state=Approved]")).ToContainTextAsync("Browser launch");
        await ScreenshotAsync(page, "operator-board-approved");
    }

    [Fact]
    public async Task The_owner_cancels_a_campaign_filling_in_the_reason_field_and_the_diagram_marks_where_it_is()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await SignInAsync(page, "ana");
        await page.GetByRole(AriaRole.Link, new() { Name = "New campaign" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Cancelled launch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start campaign" }).ClickAsync();
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("Draft");

        // The diagram draws every state with its arrows and marks the current one.
        await Assertions.Expect(page.Locator("svg.process-diagram .state[aria-current=step]")).ToContainTextAsync("Draft");
        (await page.Locator("svg.process-diagram .state").CountAsync()).Should().Be(12, "campaign approval has twelve states that are not groups");
        (await page.Locator("svg.process-diagram .arrow").CountAsync()).Should().BeGreaterThan(12);
        await Assertions.Expect(page.Locator("ul.notes")).ToContainTextAsync("Cancel");

        // Cancel takes a reason: a field of its own, checked before anything is sent.
        var cancel = page.Locator("[data-trigger=Cancel]");
        await page.GetByLabel("Comment").FillAsync("Budget moved to Q3");
        await cancel.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("reason is required");
        await cancel.GetByLabel("reason *").FillAsync("Budget moved to Q3");
        await cancel.GetByRole(AriaRole.Button).ClickAsync();

        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.Locator("svg.process-diagram .state[aria-current=step]")).ToContainTextAsync("Cancelled");
        await ScreenshotAsync(page, "operator-instance-cancelled");
    }

    [Fact]
    public async Task Switching_to_a_user_who_may_not_see_a_view_clears_it_and_signing_out_leaves_nothing_on_screen()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#who")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel("Sign in as")).ToBeVisibleAsync();

        // otto may see the analytics; ana may not, and is shown why, not otto's figures.
        await SignInAsync(page, "otto");
        await page.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Analytics" })).ToBeVisibleAsync();
        await SignInAsync(page, "ana");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not available" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#view")).ToContainTextAsync("analyst or ops-lead");
        (await page.Locator("#view figure, #view table").CountAsync()).Should().Be(0);
        await ScreenshotAsync(page, "operator-analytics-forbidden");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ana signed out.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signed-in")).ToBeHiddenAsync();
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('mwf.token')")).Should().BeNull();
    }
}
