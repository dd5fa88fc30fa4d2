namespace MarketingWorkflows.Api.Tests;

/// <summary>Drafts of a process, publishing one as the next version, and what changes between versions.</summary>
public sealed class ProcessVersionsApiTests : IDisposable
{
    private const string Expense = """
        # Expenses up to the finance team
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
            transitions: [ { trigger: Approve, to: Paid } ]
          - { name: Paid, terminal: true }
        """;

    // The next version as an author writes it: still saying version 1, with the CFO approving too and a deadline.
    private static readonly string ExpenseNext = Expense
        .Replace("roles: [finance]", "roles: [finance, cfo]", StringComparison.Ordinal)
        .Replace("  - name: Review\n", "  - name: Review\n    deadline: { businessDays: 3 }\n", StringComparison.Ordinal);

    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-versions-").FullName;

    private string Processes => Path.Combine(_folder, "processes");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_draft_is_kept_as_given_with_its_problems_located_and_does_not_stop_a_restart()
    {
        var broken = ExpenseNext.Replace("to: Paid", "to: Payd", StringComparison.Ordinal);
        using (var factory = Factory())
        {
            var admin = await factory.SignInAsync("admin");

            using var saved = await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(broken));

            saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
            var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("processId").GetString().Should().Be("expense-approval");
            body.GetProperty("savedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            var error = body.GetProperty("errors").EnumerateArray().Should().ContainSingle().Subject;
            error.GetProperty("code").GetString().Should().Be("MWF201");
            error.GetProperty("line").GetInt32().Should().Be(17);
            error.GetProperty("message").GetString().Should().Contain("Did you mean 'Paid'?");
        }

        using var restarted = Factory();
        var again = await restarted.SignInAsync("admin");
        using var read = await again.GetAsync("/api/processes/expense-approval/draft");
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        read.Content.Headers.ContentType!.MediaType.Should().Be("application/yaml");
        (await read.Content.ReadAsStringAsync()).Should().Be(broken);
    }

    [Fact]
    public async Task Publishing_makes_the_draft_the_next_version_while_running_instances_keep_theirs()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");
        var ana = await factory.SignInAsync("ana");
        (await admin.PostAsync("/api/processes", Yaml(Expense))).StatusCode.Should().Be(HttpStatusCode.Created);
        var first = await StartAsync(ana);
        first.GetProperty("definitionVersion").GetInt32().Should().Be(1);
        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext))).EnsureSuccessStatusCode();

        using var published = await admin.PostAsync("/api/processes/expense-approval/draft/publish", null);

        published.StatusCode.Should().Be(HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        published.Headers.Location!.ToString().Should().Be("/api/processes/expense-approval/versions/2");
        var summary = await published.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("version").GetInt32().Should().Be(2);
        var file = await File.ReadAllTextAsync(Path.Combine(Processes, "expense-approval.v2.yaml"));
        file.Should().StartWith("# Expenses up to the finance team\n", "the author's text is kept").And.Contain("\nversion: 2\n").And.NotContain("version: 1");
        (await admin.GetAsync("/api/processes/expense-approval/draft")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a published draft is gone");

        (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{first.GetProperty("id").GetGuid()}")).GetProperty("definitionVersion").GetInt32().Should().Be(1);
        (await StartAsync(ana)).GetProperty("definitionVersion").GetInt32().Should().Be(2);
        await StartAsync(ana);
        var listed = await ana.GetFromJsonAsync<JsonElement>("/api/processes");
        var expense = listed.EnumerateArray().Where(p => p.GetProperty("id").GetString() == "expense-approval").ToList();
        expense.Select(p => p.GetProperty("version").GetInt32()).Should().BeEquivalentTo([1, 2]);
        expense[0].GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("instances").GetInt32()))
            .Should().Equal((1, 1), (2, 2));
        listed.EnumerateArray().First(p => p.GetProperty("id").GetString() == "campaign-approval").GetProperty("versions").GetArrayLength().Should().Be(1);

        using var restarted = new ApiFactory("Development", Settings());
        var reader = await restarted.SignInAsync("ana");
        (await reader.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/versions/2")).GetProperty("version").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task The_diff_between_versions_or_a_version_and_the_draft_reads_by_area()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");
        (await admin.PostAsync("/api/processes", Yaml(Expense))).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext))).EnsureSuccessStatusCode();

        var toDraft = await admin.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/diff?from=1&to=draft");

        toDraft.GetProperty("from").GetString().Should().Be("1");
        toDraft.GetProperty("to").GetString().Should().Be("draft");
        toDraft.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("area").GetString(), c.GetProperty("kind").GetString(), c.GetProperty("path").GetString()))
            .Should().Equal(("Role", "Changed", "triggers.Approve.roles"), ("Deadline", "Added", "states.Review.deadline"));
        toDraft.GetProperty("changes")[0].GetProperty("before").GetString().Should().Be("finance");
        toDraft.GetProperty("text").GetString().Should().Contain("Roles:\n  ~ trigger Approve roles: finance → finance, cfo\n").And.Contain("Deadlines:\n  + Review deadline: after 3 business days\n");

        (await admin.PostAsync("/api/processes/expense-approval/draft/publish", null)).EnsureSuccessStatusCode();
        var ana = await factory.SignInAsync("ana");
        var between = await ana.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/diff?from=1&to=2");
        between.GetProperty("changes").GetArrayLength().Should().Be(2);
        var backwards = await ana.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/diff?from=2&to=1");
        backwards.GetProperty("changes")[1].GetProperty("kind").GetString().Should().Be("Removed");
        (await ana.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/diff?from=2&to=2")).GetProperty("changes").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Client_mistakes_are_4xx_problems_that_say_what_to_do()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");
        var ana = await factory.SignInAsync("ana");
        (await admin.PostAsync("/api/processes", Yaml(Expense))).EnsureSuccessStatusCode();

        await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/draft"), HttpStatusCode.NotFound, "draft-not-found");
        await Campaigns.ProblemAsync(await admin.DeleteAsync("/api/processes/expense-approval/draft"), HttpStatusCode.NotFound, "draft-not-found");
        await Campaigns.ProblemAsync(await admin.PostAsync("/api/processes/expense-approval/draft/publish", null), HttpStatusCode.NotFound, "draft-not-found");
        await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/diff?from=1&to=draft"), HttpStatusCode.NotFound, "draft-not-found");
        await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/diff?from=1&to=7"), HttpStatusCode.NotFound, "process-not-found");
        var badSide = await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/diff?from=latest&to=0"), HttpStatusCode.UnprocessableEntity, "validation-failed");
        badSide.GetProperty("errors").GetProperty("from")[0].GetString().Should().Contain("version number (1 or more) or draft");
        badSide.GetProperty("errors").TryGetProperty("to", out _).Should().BeTrue();
        await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/diff?from=1"), HttpStatusCode.UnprocessableEntity, "validation-failed");
        var badId = await Campaigns.ProblemAsync(await admin.PutAsync("/api/processes/Expense_Approval/draft", Yaml(Expense)), HttpStatusCode.UnprocessableEntity, "validation-failed");
        badId.GetProperty("errors").GetProperty("processId")[0].GetString().Should().Contain("lower-case letters");
        await Campaigns.ProblemAsync(await admin.PutAsync($"/api/processes/{new string('p', 1000)}/draft", Yaml(Expense)), HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var notADefinition in (string[])["42", "null", "[]", ""])
        {
            await Campaigns.ProblemAsync(await admin.PutAsync("/api/processes/expense-approval/draft", Json(notADefinition)), HttpStatusCode.UnprocessableEntity, "validation-failed");
        }

        var words = await Campaigns.ProblemAsync(await admin.PutAsync("/api/processes/expense-approval/draft", Yaml("just words")), HttpStatusCode.UnprocessableEntity, "validation-failed");
        words.GetProperty("errors").GetProperty("body")[0].GetString().Should().Contain("must be a definition: a YAML mapping");

        await Campaigns.ProblemAsync(await ana.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext)), HttpStatusCode.Forbidden, "forbidden");
        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext))).EnsureSuccessStatusCode();
        await Campaigns.ProblemAsync(await ana.PostAsync("/api/processes/expense-approval/draft/publish", null), HttpStatusCode.Forbidden, "forbidden");
        await Campaigns.ProblemAsync(await ana.DeleteAsync("/api/processes/expense-approval/draft"), HttpStatusCode.Forbidden, "forbidden");
        Directory.EnumerateFiles(Processes).Select(Path.GetFileName).Should().Equal("expense-approval.v1.yaml");
        (await admin.DeleteAsync("/api/processes/expense-approval/draft")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetAsync("/api/processes/expense-approval/draft")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Half-typed text is a draft in progress: kept, with the syntax error located.
        using var halfTyped = await admin.PutAsync("/api/processes/expense-approval/draft", Json("{ \"id\": \"expense-approval\","));
        halfTyped.StatusCode.Should().Be(HttpStatusCode.OK);
        (await halfTyped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("code").GetString().Should().Be("MWF101");
    }

    [Fact]
    public async Task A_draft_that_does_not_validate_is_refused_at_publishing_with_located_errors_and_kept()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");
        (await admin.PostAsync("/api/processes", Yaml(Expense))).EnsureSuccessStatusCode();

        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext.Replace("to: Paid", "to: Payd", StringComparison.Ordinal)))).EnsureSuccessStatusCode();
        var invalid = await Campaigns.ProblemAsync(await admin.PostAsync("/api/processes/expense-approval/draft/publish", null), HttpStatusCode.UnprocessableEntity, "validation-failed");
        invalid.GetProperty("errors").GetProperty("states[1].transitions[0].to")[0].GetString().Should().StartWith("MWF201 (line 17,");
        (await admin.GetAsync("/api/processes/expense-approval/draft")).StatusCode.Should().Be(HttpStatusCode.OK, "a refused draft is kept to fix");
        var diff = await Campaigns.ProblemAsync(await admin.GetAsync("/api/processes/expense-approval/diff?from=1&to=draft"), HttpStatusCode.UnprocessableEntity, "validation-failed");
        diff.GetProperty("errors").GetProperty("states[1].transitions[0].to")[0].GetString().Should().Contain("Did you mean 'Paid'?");

        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(ExpenseNext.Replace("id: expense-approval", "id: other-approval", StringComparison.Ordinal)))).EnsureSuccessStatusCode();
        var other = await Campaigns.ProblemAsync(await admin.PostAsync("/api/processes/expense-approval/draft/publish", null), HttpStatusCode.UnprocessableEntity, "validation-failed");
        other.GetProperty("errors").GetProperty("id")[0].GetString().Should().Contain("must say id: expense-approval");

        (await admin.PutAsync("/api/processes/expense-approval/draft", Yaml(Expense))).EnsureSuccessStatusCode();
        var same = await Campaigns.ProblemAsync(await admin.PostAsync("/api/processes/expense-approval/draft/publish", null), HttpStatusCode.UnprocessableEntity, "validation-failed");
        same.GetProperty("errors").GetProperty("draft")[0].GetString().Should().Contain("says the same as version 1");
        Directory.EnumerateFiles(Processes).Select(Path.GetFileName).Should().Equal("expense-approval.v1.yaml");
    }

    [Fact]
    public async Task A_draft_of_a_new_process_in_json_publishes_as_version_one()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");
        var json = """{ "id": "press-release", "version": 5, "states": [ { "name": "Writing", "initial": true, "transitions": [ { "trigger": "Done", "to": "Out" } ] }, { "name": "Out", "terminal": true } ], "triggers": [ { "name": "Done" } ] }""";

        (await admin.PutAsync("/api/processes/press-release/draft", Json(json))).EnsureSuccessStatusCode();
        (await admin.GetAsync("/api/processes/press-release/draft")).Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var published = await admin.PostAsync("/api/processes/press-release/draft/publish", null);

        published.StatusCode.Should().Be(HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1);
        (await admin.GetFromJsonAsync<JsonElement>("/api/processes/press-release/versions/1")).GetProperty("version").GetInt32().Should().Be(1);
        (await File.ReadAllTextAsync(Path.Combine(Processes, "press-release.v1.json"))).Should().Contain("\"version\": 1");
    }

    private static async Task<JsonElement> StartAsync(HttpClient client)
    {
        using var started = await client.PostAsJsonAsync("/api/instances", new { processId = "expense-approval", data = new { owner = "ana", amount = new { amount = 120, currency = "EUR" } } });
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        return await started.Content.ReadFromJsonAsync<JsonElement>();
    }

    private ApiFactory Factory() => new("Development", Settings());

    private Dictionary<string, string?> Settings() => new()
    {
        ["Storage:Sqlite"] = $"Data Source={Path.Combine(_folder, "api.db")}",
        ["Api:ProcessesFolder"] = Processes,
        ["Api:SeedDemo"] = "false",
    };

    private static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");
}
