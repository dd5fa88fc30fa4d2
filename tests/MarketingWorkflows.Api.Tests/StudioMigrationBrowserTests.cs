using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// A new version from the studio to the running campaigns, in headless Chromium: with campaigns
/// open in Draft, BudgetReview and LegalReview, the process admin opens campaign-approval, adds a
/// brand review after the budget review (the worked example of the migration guide), sees it
/// validate and drawn, saves the draft, reads the diff, publishes version 2, dry-runs and applies
/// the migration of version 1's campaigns; the API then shows them on version 2 with the migration
/// in their history and announced, a migrated campaign and a new one both pass the brand review.
/// Screenshots in TestResults/screenshots.
/// </summary>
public sealed class StudioMigrationBrowserTests : BrowserTest
{
    private const string BrandGuide = "2026 brand book";
    private const string MigratedEvent = "marketingworkflows.campaign-approval.migrated";

    // The brand review and the data it needs, as the migration guide adds them to version 1.
    private const string BrandGuideField = "  - { name: brandGuide, type: string, required: true, title: Brand guide the creative follows }\n";
    private const string BrandReviewState = """
          - name: BrandReview
            title: Brand review
            parent: InApproval
            deadline: { businessDays: 1, onTimeout: Escalate }
            approval:
              approvers: [ { role: brand } ]
              fallbackRole: cmo
              onApproved: LegalReview
              onRejected: Rejected
              onChangesRequested: ChangesRequested

        """;

    private readonly ApiFactory _factory;
    private readonly WebhooksApiTests.Receiver _receiver;

    public StudioMigrationBrowserTests(ITestOutputHelper output)
        : this(output, new WebhooksApiTests.Receiver())
    {
    }

    private StudioMigrationBrowserTests(ITestOutputHelper output, WebhooksApiTests.Receiver receiver)
        : this(output, receiver, new ApiFactory("Development", new Dictionary<string, string?>
        {
            ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
            ["Webhooks:AllowPrivateNetworks"] = "true",
        }))
    {
    }

    private StudioMigrationBrowserTests(ITestOutputHelper output, WebhooksApiTests.Receiver receiver, ApiFactory factory)
        : base(factory)
    {
        Output = output;
        _receiver = receiver;
        _factory = factory;
    }

    [Fact]
    public async Task A_process_admin_adds_a_brand_review_publishes_it_and_migrates_the_running_campaigns_onto_it()
    {
        await using var receiver = _receiver;
        await receiver.StartAsync();
        var admin = await _factory.SignInAsync("admin");
        var ana = await _factory.SignInAsync("ana");
        var fiona = await _factory.SignInAsync("fiona");
        var bea = await _factory.SignInAsync("bea");
        var subscription = await WebhooksApiTests.SubscribeAsync(admin, new { url = receiver.Url, eventTypes = new[] { MigratedEvent } });

        // Three campaigns on version 1: one drafted, one in the budget review, one in the legal review (EU).
        var drafted = await StartAsync(ana, "Autumn teaser", "US");
        var inBudget = await StartAsync(ana, "Winter sale", "US");
        await FireAsync(ana, inBudget, "Submit", "BudgetReview");
        var inLegal = await StartAsync(ana, "Nordic launch", "EU");
        await FireAsync(ana, inLegal, "Submit", "BudgetReview");
        await FireAsync(fiona, inLegal, "Approve", "LegalReview");

        var page = await NewPageAsync();
        var problems = Watch(page);
        await page.GotoAsync("/");
        await SignInAsync(page, "pia");
        await page.GetByRole(AriaRole.Link, new() { Name = "Studio" }).ClickAsync();
        var campaignApproval = page.Locator(".process-list li[data-process=campaign-approval]");
        await Assertions.Expect(campaignApproval.Locator("li[data-version='1']")).ToHaveTextAsync("v1 · 3 instances running");

        // Version 1 opens in the editor; the brand review goes in after the budget review.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit campaign-approval" }).ClickAsync();
        var editor = page.Locator("#studio-editor");
        await Assertions.Expect(editor).ToHaveValueAsync(new Regex("(^|\n)id: campaign-approval\n"));
        await Assertions.Expect(page.Locator("#studio-check")).ToHaveTextAsync("Valid.");
        var version1 = await editor.InputValueAsync();
        await editor.FillAsync(WithBrandReview(version1));
        await Assertions.Expect(page.Locator("#studio-check")).ToHaveTextAsync("Valid.");
        await Assertions.Expect(page.Locator(".studio-errors li")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".studio-diagram svg.process-diagram .state[data-state=BrandReview]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "studio-migration-edited");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Assertions.Expect(page.Locator(".studio-answer")).ToHaveTextAsync(new Regex("^Draft of campaign-approval saved .*\\.$"));
        await Assertions.Expect(page.Locator(".studio-answer")).Not.ToContainTextAsync("error");

        // The diff of version 1 and the draft lists the new state, the new field and the changed route.
        await page.GetByRole(AriaRole.Button, new() { Name = "Diff" }).ClickAsync();
        await Assertions.Expect(page.Locator("#diff-from")).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("#diff-to")).ToHaveValueAsync("draft");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        var diff = page.Locator(".studio-diff .diff-result");
        await Assertions.Expect(diff.Locator(".diff-area[data-area=State] li.change.added[data-path='states.BrandReview']")).ToBeVisibleAsync();
        await Assertions.Expect(diff.Locator(".diff-area[data-area=DataField] li.change.added")).ToContainTextAsync("brandGuide");
        await Assertions.Expect(diff).ToContainTextAsync("LegalReview → BrandReview");
        await ScreenshotAsync(page, "studio-migration-diff");

        // Published as version 2: nothing runs on it yet; the three campaigns still run on version 1.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.Locator(".studio-answer")).ToContainTextAsync("Published campaign-approval v2.");
        await Assertions.Expect(campaignApproval.Locator("li[data-version='2']")).ToHaveTextAsync("v2 · 0 instances running");
        await Assertions.Expect(campaignApproval.Locator("li[data-version='1']")).ToHaveTextAsync("v1 · 3 instances running");
        await ScreenshotAsync(page, "studio-migration-published");

        // The migration form maps each state of version 1 to its namesake; the new required field needs a value.
        await page.GetByRole(AriaRole.Button, new() { Name = "Migrate" }).ClickAsync();
        await Assertions.Expect(page.Locator("#migrate-from")).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("#migrate-to")).ToHaveValueAsync("2");
        foreach (var state in new[] { "Draft", "BudgetReview", "LegalReview" })
        {
            await Assertions.Expect(page.Locator($".studio-migrate select[data-from={state}]")).ToHaveValueAsync(state);
        }

        await page.Locator("#migrate-defaults").FillAsync($$"""{ "brandGuide": "{{BrandGuide}}" }""");
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply migration" });
        await Assertions.Expect(apply).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run first" }).ClickAsync();
        var result = page.Locator(".studio-migrate .migrate-result");
        await Assertions.Expect(result.Locator(".summary")).ToHaveTextAsync("Dry run: 3 would migrate, 0 refused.");
        var rows = result.Locator("table.migration tbody tr[data-instance]");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(result.Locator("tr.wouldmigrate")).ToHaveCountAsync(3);
        await Assertions.Expect(result.Locator($"tr[data-instance='{inLegal}'] td")).ToHaveTextAsync([$"…{inLegal.ToString()[^8..]}", "LegalReview", "would migrate"]);
        var budgetNotes = result.Locator($"tr[data-details-of='{inBudget}'] li.note");
        await Assertions.Expect(budgetNotes.Filter(new() { HasText = $"data field 'brandGuide' set to \"{BrandGuide}\" (the plan's default)" })).ToBeVisibleAsync();
        await Assertions.Expect(budgetNotes.Filter(new() { HasText = "approval 'BudgetReview' stays open" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "studio-migration-dry-run");
        (await InstanceAsync(admin, inLegal)).GetProperty("definitionVersion").GetInt32().Should().Be(1, "a dry run changes nothing");

        await Assertions.Expect(apply).ToBeEnabledAsync();
        await apply.ClickAsync();
        await Assertions.Expect(result.Locator(".summary")).ToHaveTextAsync("Migrated 3, refused 0.");
        await Assertions.Expect(result.Locator("tr.migrated")).ToHaveCountAsync(3);
        await Assertions.Expect(campaignApproval.Locator("li[data-version='1']")).ToHaveTextAsync("v1 · 0 instances running");
        await Assertions.Expect(campaignApproval.Locator("li[data-version='2']")).ToHaveTextAsync("v2 · 3 instances running");
        await ScreenshotAsync(page, "studio-migration-applied");
        problems.Should().BeEmpty("the page reported no errors");

        // Through the API: each campaign is on version 2 in the state it was in, with the brand guide,
        // its history records the migration (and still verifies), and the migration was announced.
        foreach (var (id, state) in new[] { (drafted, "Draft"), (inBudget, "BudgetReview"), (inLegal, "LegalReview") })
        {
            var instance = await InstanceAsync(admin, id);
            (instance.GetProperty("definitionVersion").GetInt32(), instance.GetProperty("state").GetString()).Should().Be((2, state));
            instance.GetProperty("data").GetProperty("brandGuide").GetString().Should().Be(BrandGuide);
            var history = (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history")).EnumerateArray().ToArray();
            history.Last().GetProperty("kind").GetString().Should().Be("Migrated");
            (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history/verification")).GetProperty("isValid").GetBoolean().Should().BeTrue();
            var announced = await receiver.WaitForAsync(r => r.Body.Contains($"\"{MigratedEvent}\"", StringComparison.Ordinal) && r.Body.Contains($"\"subject\":\"{id}\"", StringComparison.Ordinal));
            announced.Body.Should().Contain("\"fromVersion\":1").And.Contain("\"toVersion\":2");
        }

        var deliveries = await WebhooksApiTests.WaitForDeliveriesAsync(admin, subscription, d => d.Length >= 3);
        deliveries.Should().HaveCount(3).And.OnlyContain(d => d.GetProperty("eventType").GetString() == MigratedEvent && d.GetProperty("succeeded").GetBoolean());

        // The migrated campaign in the budget review now passes the brand review after it.
        await FireAsync(fiona, inBudget, "Approve", "BrandReview");
        await FireAsync(bea, inBudget, "Approve", "Approved");

        // A new campaign starts on version 2 and passes the brand review too.
        var started = await StartAsync(ana, "Spring launch", "US", BrandGuide);
        (await InstanceAsync(admin, started)).GetProperty("definitionVersion").GetInt32().Should().Be(2);
        await FireAsync(ana, started, "Submit", "BudgetReview");
        await FireAsync(fiona, started, "Approve", "BrandReview");
        await FireAsync(bea, started, "Approve", "Approved");
        var passed = (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{started}/history")).EnumerateArray();
        passed.Should().Contain(e => e.GetProperty("toState").GetString() == "BrandReview");
    }

    /// <summary>Version 1 as the editor shows it, with the brand review of the migration guide: a required brand guide, and the budget review approving to the brand review, which approves to the legal review.</summary>
    private static string WithBrandReview(string version1)
    {
        const string BudgetApproves = "      onApproved: LegalReview\n";
        const string LegalReview = "  - name: LegalReview\n";
        version1.Should().Contain("\ndata:\n").And.Contain(BudgetApproves).And.Contain(LegalReview);
        var at = version1.IndexOf(BudgetApproves, StringComparison.Ordinal);
        var text = version1[..at] + "      onApproved: BrandReview\n" + version1[(at + BudgetApproves.Length)..];
        text = text.Replace(LegalReview, BrandReviewState + LegalReview, StringComparison.Ordinal);
        return text.Replace("\ndata:\n", "\ndata:\n" + BrandGuideField, StringComparison.Ordinal);
    }

    /// <summary>Collects what the page reports as going wrong: uncaught errors, and console errors other than the 404 of asking for a draft that is not there (the studio then opens the latest version).</summary>
    private List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(message.Text.Contains("404", StringComparison.Ordinal) && message.Location.Contains("/api/processes/campaign-approval/draft", StringComparison.Ordinal)))
            {
                problems.Add($"console error: {message.Text} ({message.Location})");
                Output?.WriteLine($"console error: {message.Text} ({message.Location})");
            }
        };
        return problems;
    }

    private static async Task<Guid> StartAsync(HttpClient owner, string name, string region, string? brandGuide = null)
    {
        var data = new Dictionary<string, object>
        {
            ["name"] = name,
            ["owner"] = "ana",
            ["budget"] = new { amount = 20_000, currency = "EUR" },
            ["regions"] = new[] { region },
            ["channels"] = new[] { "social" },
        };
        if (brandGuide is not null)
        {
            data["brandGuide"] = brandGuide;
        }

        using var response = await owner.PostAsJsonAsync("/api/instances", new { processId = "campaign-approval", data });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task FireAsync(HttpClient user, Guid id, string trigger, string expectedState)
    {
        using var response = await user.PostAsJsonAsync($"/api/instances/{id}/triggers/{trigger}", new { });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        JsonDocument.Parse(text).RootElement.GetProperty("instance").GetProperty("state").GetString().Should().Be(expectedState, text);
    }

    private static Task<JsonElement> InstanceAsync(HttpClient client, Guid id) => client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
}
