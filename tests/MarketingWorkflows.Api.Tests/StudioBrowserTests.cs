using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The studio in headless Chromium: only a process admin sees it; she types a definition with a
/// mistake and sees the error at its line (in the list and in the gutter), jumps to it, fixes it
/// and sees the diagram drawn, then dry-runs steps against it. Screenshots in TestResults/screenshots.
/// </summary>
public sealed class StudioBrowserTests : BrowserTest
{
    private const string Broken = """
        id: expense-approval
        version: 1
        title: Expense approval
        data:
          - { name: owner, type: string, required: true }
          - { name: amount, type: money, required: true }
        triggers:
          - { name: Submit, roles: [marketer] }
          - { name: Approve, roles: [finance] }
        states:
          - name: Draft
            initial: true
            transitions: [ { trigger: Submit, to: Review } ]
          - name: Review
            transitions: [ { trigger: Approve, to: Payd } ]
          - { name: Paid, terminal: true }
        """;

    public StudioBrowserTests(ITestOutputHelper output)
        : base(new ApiFactory())
    {
        Output = output;
    }

    [Fact]
    public async Task A_process_admin_sees_an_error_at_its_line_fixes_it_sees_the_diagram_and_dry_runs_steps()
    {
        var page = await NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync("/");

        // Someone who is not a process admin has no studio.
        await SignInAsync(page, "ana");
        await Assertions.Expect(page.Locator("#nav-studio")).ToBeHiddenAsync();

        await SignInAsync(page, "pia");
        await page.GetByRole(AriaRole.Link, new() { Name = "Studio" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Studio", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".process-list li[data-process=campaign-approval] li[data-version='1']")).ToBeVisibleAsync();

        // A transition to a state that does not exist: the error is listed at line 15 and the gutter marks it.
        var editor = page.Locator("#studio-editor");
        await editor.FillAsync(Broken);
        var error = page.Locator(".studio-errors li[data-line='15']");
        await Assertions.Expect(error).ToContainTextAsync("MWF201");
        await Assertions.Expect(error).ToContainTextAsync("Did you mean 'Paid'?");
        await Assertions.Expect(page.Locator(".gutter .line.error")).ToHaveTextAsync("15");
        await Assertions.Expect(page.Locator("#studio-check")).ToHaveTextAsync("1 error.");
        await ScreenshotAsync(page, "studio-error");

        // Clicking the error puts the caret at its line and column.
        var column = await error.GetAttributeAsync("data-column");
        await error.GetByRole(AriaRole.Button).ClickAsync();
        var caret = await editor.EvaluateAsync<int[]>("e => { const before = e.value.slice(0, e.selectionStart).split('\\n'); return [before.length, before[before.length - 1].length + 1]; }");
        caret.Should().Equal(15, int.Parse(column!, System.Globalization.CultureInfo.InvariantCulture));

        // Fixed: no errors, and the diagram shows every state.
        await editor.FillAsync(Broken.Replace("to: Payd", "to: Paid", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#studio-check")).ToHaveTextAsync("Valid.");
        await Assertions.Expect(page.Locator(".studio-errors li")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".gutter .line.error")).ToHaveCountAsync(0);
        foreach (var state in new[] { "Draft", "Review", "Paid" })
        {
            await Assertions.Expect(page.Locator($".studio-diagram svg.process-diagram .state[data-state={state}]")).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator(".studio-diagram svg.process-diagram .arrow")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "studio-valid");

        // A dry run: submitted, refused to the owner (not finance), approved by finance; one expectation is wrong on purpose.
        await page.Locator("#studio-steps").FillAsync("""
            Submit by ana (marketer) => accepted
            Approve by ana (marketer) => refused forbidden
            Approve by fiona (finance) => refused
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run dry run" }).ClickAsync();
        var steps = page.Locator("table.dry-run-steps tbody tr");
        await Assertions.Expect(steps).ToHaveCountAsync(3);
        await Assertions.Expect(steps.Nth(0)).ToContainTextAsync("Draft → Review");
        await Assertions.Expect(steps.Nth(1).Locator(".outcome")).ToHaveTextAsync("refused (forbidden)");
        await Assertions.Expect(steps.Nth(1).Locator(".expectation")).ToContainTextAsync("✓");
        await Assertions.Expect(steps.Nth(2)).ToHaveClassAsync("unmet");
        await Assertions.Expect(steps.Nth(2).Locator(".expectation")).ToContainTextAsync("✗ expected refused");
        await Assertions.Expect(page.Locator(".dry-run-result .summary")).ToContainTextAsync("Paid");
        await Assertions.Expect(page.Locator(".dry-run-result .summary")).ToContainTextAsync("2 met, 1 not met");
        await ScreenshotAsync(page, "studio-dry-run");

        // Saving a draft shows the host's answer.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.Locator(".studio-answer")).ToContainTextAsync("Draft of expense-approval saved");
        await ScreenshotAsync(page, "studio-save-draft");

        // A registered process opens as YAML the host reads back as valid, and its diagram (groups,
        // conditional stages and all) is drawn from the host's Mermaid text.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit campaign-approval" }).ClickAsync();
        await Assertions.Expect(editor).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("(^|\n)id: campaign-approval\n"));
        await Assertions.Expect(page.Locator("#studio-check")).ToHaveTextAsync("Valid.");
        await Assertions.Expect(page.Locator(".studio-diagram svg.process-diagram .state[data-state=Live]")).ToBeVisibleAsync();
        (await page.Locator(".studio-diagram svg.process-diagram .state").CountAsync()).Should().BeGreaterThan(8);
        await ScreenshotAsync(page, "studio-campaign-approval");

        // The migration form maps each state of the version migrated from, to the same name by default.
        await page.GetByRole(AriaRole.Button, new() { Name = "Migrate" }).ClickAsync();
        await Assertions.Expect(page.Locator(".studio-migrate select[data-from=LegalReview]")).ToHaveValueAsync("LegalReview");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply migration" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run first" }).ClickAsync();
        await Assertions.Expect(page.Locator(".studio-migrate .migrate-result")).Not.ToBeEmptyAsync();
        await ScreenshotAsync(page, "studio-migrate");
        pageErrors.Should().BeEmpty();
    }
}
