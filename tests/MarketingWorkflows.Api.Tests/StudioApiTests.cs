namespace MarketingWorkflows.Api.Tests;

public sealed class StudioApiTests : IClassFixture<ApiFactory>
{
    private const string Expense = """
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

    private const string ExpenseData = """{ "owner": "ana", "amount": { "amount": 120, "currency": "EUR" } }""";

    private readonly ApiFactory _factory;

    public StudioApiTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public async Task A_valid_definition_is_answered_valid_with_its_mermaid_diagram()
    {
        var pia = await _factory.SignInAsync("pia");

        var check = await ValidAsync(pia, Expense);

        check.GetProperty("valid").GetBoolean().Should().BeTrue();
        check.GetProperty("errors").GetArrayLength().Should().Be(0);
        check.GetProperty("mermaid").GetString().Should().StartWith("stateDiagram-v2").And.Contain("Draft --> Review").And.Contain("Review --> Paid");
    }

    [Fact]
    public async Task An_invalid_definition_is_answered_with_each_error_at_its_line_and_column_with_its_fix_and_no_diagram()
    {
        var pia = await _factory.SignInAsync("pia");

        var check = await ValidAsync(pia, Expense.Replace("to: Paid", "to: Payd", StringComparison.Ordinal));

        check.GetProperty("valid").GetBoolean().Should().BeFalse();
        check.GetProperty("mermaid").ValueKind.Should().Be(JsonValueKind.Null);
        var error = check.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("code").GetString().Should().Be("MWF201");
        error.GetProperty("line").GetInt32().Should().Be(15);
        error.GetProperty("column").GetInt32().Should().BeGreaterThan(0);
        error.GetProperty("path").GetString().Should().Be("states[1].transitions[0].to");
        error.GetProperty("message").GetString().Should().Contain("Payd").And.NotContain("Did you mean");
        error.GetProperty("fix").GetString().Should().Contain("Did you mean 'Paid'?");
    }

    [Theory]
    [InlineData("id: x\nstates: [ { name: A", null)]
    [InlineData("id: x\n  version: 1\n bad indent: [", 2)]
    [InlineData("id: x\nversion: 1\nstates:\n\t- name: A\n", null)]
    [InlineData("id: expense\nversion: one\n", 2)]
    [InlineData("- just\n- a list\n", 1)]
    [InlineData("\"unterminated", 1)]
    public async Task Broken_yaml_is_answered_not_valid_with_a_line_and_column_never_a_server_error(string text, int? line)
    {
        var pia = await _factory.SignInAsync("pia");

        var check = await ValidAsync(pia, text);

        check.GetProperty("valid").GetBoolean().Should().BeFalse();
        var errors = check.GetProperty("errors").EnumerateArray().ToList();
        errors.Should().NotBeEmpty();
        errors.Should().OnlyContain(e => e.GetProperty("line").GetInt32() > 0 && e.GetProperty("column").GetInt32() > 0);
        if (line is { } expected)
        {
            errors.Select(e => e.GetProperty("line").GetInt32()).Should().Contain(expected);
        }
    }

    [Fact]
    public async Task Every_cut_of_a_real_definition_is_answered_valid_or_with_located_errors_never_a_server_error()
    {
        var pia = await _factory.SignInAsync("pia");
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "examples", "campaign-approval.yaml")).ReplaceLineEndings("\n");

        // As one types: the text cut anywhere (mid-key, mid-flow-map, mid-expression).
        for (var length = 1; length < text.Length; length += 61)
        {
            var check = await ValidAsync(pia, text[..length]);
            if (!check.GetProperty("valid").GetBoolean())
            {
                check.GetProperty("errors").EnumerateArray().Should().NotBeEmpty().And.OnlyContain(e => e.GetProperty("code").GetString()!.StartsWith("MWF", StringComparison.Ordinal), $"the text cut at {length}");
            }
        }

        (await ValidAsync(pia, text)).GetProperty("valid").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Broken_json_is_answered_not_valid_with_its_line_and_column()
    {
        var pia = await _factory.SignInAsync("pia");

        using var response = await pia.PostAsync("/api/processes/validate", new StringContent("{\n  \"id\": \"x\",\n  \"version\": 1,,\n}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        error.GetProperty("line").GetInt32().Should().Be(3);
        error.GetProperty("column").GetInt32().Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData("", "application/yaml")]
    [InlineData("   \n", "application/yaml")]
    [InlineData("null", "application/json")]
    [InlineData("[1, 2]", "application/json")]
    [InlineData("42", "application/json")]
    public async Task A_body_that_is_no_document_is_422(string text, string contentType)
    {
        var pia = await _factory.SignInAsync("pia");

        using var response = await pia.PostAsync("/api/processes/validate", new StringContent(text, System.Text.Encoding.UTF8, contentType));

        (await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("body").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Validating_and_dry_runs_need_the_process_admin_role()
    {
        var ana = await _factory.SignInAsync("ana");

        using var validate = await ana.PostAsync("/api/processes/validate", Yaml(Expense));
        using var dryRun = await ana.PostAsJsonAsync("/api/processes/dry-run", new { definition = Expense, steps = "Submit by ana (marketer)" });

        (await Campaigns.ProblemAsync(validate, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("process-admin");
        (await Campaigns.ProblemAsync(dryRun, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("process-admin");
    }

    [Fact]
    public async Task A_dry_run_decides_each_step_with_the_engines_rules_and_says_which_expectations_were_not_met()
    {
        var pia = await _factory.SignInAsync("pia");
        const string Steps = """
            # The owner submits; only finance approves.
            Submit by ana (marketer) => accepted
            Approve by ana (marketer) => refused forbidden
            Approve by fin (finance) => refused
            """;

        var report = await DryRunAsync(pia, new { definition = Expense, steps = Steps, data = JsonDocument.Parse(ExpenseData).RootElement, now = "2027-01-04T09:00:00Z" });

        report.GetProperty("processId").GetString().Should().Be("expense-approval");
        report.GetProperty("initialState").GetString().Should().Be("Draft");
        report.GetProperty("finalState").GetString().Should().Be("Paid");
        report.GetProperty("finished").GetBoolean().Should().BeTrue();
        var steps = report.GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => (s.GetProperty("line").GetInt32(), s.GetProperty("from").GetString(), s.GetProperty("to").GetString(), s.GetProperty("accepted").GetBoolean(), s.GetProperty("metExpectation").GetBoolean()))
            .Should().Equal((2, "Draft", "Review", true, true), (3, "Review", "Review", false, true), (4, "Review", "Paid", true, false));
        steps[1].GetProperty("code").GetString().Should().Be("forbidden");
        steps[1].GetProperty("expected").GetString().Should().Be("refused forbidden");
        steps[1].GetProperty("note").GetString().Should().Contain("finance");
        report.GetProperty("expectationsMet").GetInt32().Should().Be(2);
        report.GetProperty("expectationsNotMet").GetInt32().Should().Be(1);
        report.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("toState").GetString()).Should().EndWith(["Review", "Paid"]);
    }

    [Fact]
    public async Task The_documented_campaign_dry_run_meets_every_expectation_and_time_passing_fires_the_deadlines()
    {
        var pia = await _factory.SignInAsync("pia");
        var examples = Path.Combine(RepositoryRoot(), "docs", "examples");
        var request = new
        {
            definition = File.ReadAllText(Path.Combine(examples, "campaign-approval.yaml")),
            steps = File.ReadAllText(Path.Combine(examples, "campaign-approval.steps.txt")),
            data = JsonDocument.Parse(File.ReadAllText(Path.Combine(examples, "campaign-approval.data.json"))).RootElement,
            now = "2027-01-04T09:00:00Z",
        };

        var report = await DryRunAsync(pia, request);

        report.GetProperty("expectationsNotMet").GetInt32().Should().Be(0, report.ToString());
        report.GetProperty("expectationsMet").GetInt32().Should().BeGreaterThan(10);
        var after = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "After");
        after.GetProperty("at").GetDateTimeOffset().Should().Be(DateTimeOffset.Parse("2027-01-07T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        after.GetProperty("note").GetString().Should().NotContain("nothing falls due");
        report.GetProperty("history").EnumerateArray().Should().Contain(h => h.GetProperty("kind").GetString() == "Deadline");
    }

    [Theory]
    [InlineData("Submit by ana (marketer", "steps")]
    [InlineData("Submit by ana (marketer) => maybe", "steps")]
    [InlineData("after 99999999d", "steps")]
    [InlineData("Submit with {oops} by ana", "steps")]
    public async Task Steps_that_cannot_be_read_are_422_naming_their_line(string steps, string field)
    {
        var pia = await _factory.SignInAsync("pia");

        using var response = await pia.PostAsJsonAsync("/api/processes/dry-run", new { definition = Expense, steps, data = JsonDocument.Parse(ExpenseData).RootElement });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_dry_run_of_an_invalid_definition_or_with_data_that_does_not_fit_is_422()
    {
        var pia = await _factory.SignInAsync("pia");

        using var invalid = await pia.PostAsJsonAsync("/api/processes/dry-run", new { definition = "id: x\nstates: [", steps = "Submit by ana (marketer)" });
        using var badData = await pia.PostAsJsonAsync("/api/processes/dry-run", new { definition = Expense, steps = "Submit by ana (marketer)", data = new { amount = "lots" } });

        await Campaigns.ProblemAsync(invalid, HttpStatusCode.UnprocessableEntity, "validation-failed");
        (await Campaigns.ProblemAsync(badData, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("data").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Time_passing_far_beyond_the_calendar_is_422_not_a_server_error()
    {
        var pia = await _factory.SignInAsync("pia");

        using var response = await pia.PostAsJsonAsync("/api/processes/dry-run", new { definition = Expense, steps = "Submit by ana (marketer)\nafter 2000000d\nafter 2000000d\nafter 2000000d\nafter 2000000d\nafter 2000000d", data = JsonDocument.Parse(ExpenseData).RootElement });

        await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
    }

    private static async Task<JsonElement> ValidAsync(HttpClient client, string yaml)
    {
        using var response = await client.PostAsync("/api/processes/validate", Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> DryRunAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/processes/dry-run", request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MarketingWorkflows.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No MarketingWorkflows.sln above {AppContext.BaseDirectory}.");
    }
}
