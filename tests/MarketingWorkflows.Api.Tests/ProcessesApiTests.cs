namespace MarketingWorkflows.Api.Tests;

public sealed class ProcessesApiTests : IDisposable
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

    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-processes-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Adding_a_process_version_needs_the_process_admin_role()
    {
        using var factory = Factory();
        var ana = await factory.SignInAsync("ana");

        using var response = await ana.PostAsync("/api/processes", Yaml(Expense));

        (await Campaigns.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("process-admin");
        Directory.EnumerateFiles(Path.Combine(_folder, "processes")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_invalid_definition_is_422_with_the_line_and_path_and_nothing_is_kept()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");

        using var response = await admin.PostAsync("/api/processes", Yaml(Expense.Replace("to: Paid", "to: Payd", StringComparison.Ordinal)));

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        var error = problem.GetProperty("errors").EnumerateObject().Single();
        error.Name.Should().Be("states[1].transitions[0].to");
        error.Value[0].GetString().Should().StartWith("MWF201 (line 15,").And.Contain("Did you mean 'Paid'?");
        Directory.EnumerateFiles(Path.Combine(_folder, "processes")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_new_process_version_is_registered_kept_and_there_after_a_restart()
    {
        using (var factory = Factory())
        {
            var admin = await factory.SignInAsync("admin");

            using var created = await admin.PostAsync("/api/processes", Yaml(Expense));
            using var again = await admin.PostAsync("/api/processes", Yaml(Expense));
            using var changed = await admin.PostAsync("/api/processes", Yaml(Expense.Replace("title: Expense approval", "title: Expenses", StringComparison.Ordinal)));

            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            created.Headers.Location!.ToString().Should().Be("/api/processes/expense-approval/versions/1");
            again.StatusCode.Should().Be(HttpStatusCode.OK, "the same content again changes nothing");
            await Campaigns.ProblemAsync(changed, HttpStatusCode.Conflict, "version-conflict");
        }

        using var restarted = Factory();
        var ana = await restarted.SignInAsync("ana");
        using var started = await ana.PostAsJsonAsync("/api/instances", new { processId = "expense-approval", data = new { owner = "ana", amount = new { amount = 120, currency = "EUR" } } });
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        (await ana.GetFromJsonAsync<JsonElement>("/api/processes/expense-approval/versions/1")).GetProperty("title").GetString().Should().Be("Expense approval");
    }

    [Fact]
    public async Task The_demo_seed_adds_campaigns_in_several_states_once()
    {
        using (var first = Factory(seed: true))
        {
            var fiona = await first.SignInAsync("fiona");
            var waiting = await fiona.GetFromJsonAsync<JsonElement>("/api/instances?waitingOnMe=true");
            waiting.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("data").GetProperty("name").GetString()).Should().Contain("Summer promotion");
        }

        using var second = Factory(seed: true);
        var ana = await second.SignInAsync("ana");
        var campaigns = await ana.GetFromJsonAsync<JsonElement>("/api/instances?process=campaign-approval");
        campaigns.GetProperty("total").GetInt32().Should().Be(7, "a second start adds nothing");
        campaigns.GetProperty("totalIsExact").GetBoolean().Should().BeTrue("far fewer match than the count limit");
        campaigns.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString()).Should().BeEquivalentTo(
            ["Draft", "BudgetReview", "LegalReview", "Approved", "Approved", "Rejected", "Completed"]);
        (await ana.GetFromJsonAsync<JsonElement>("/api/instances?process=launch-checklist")).GetProperty("total").GetInt32().Should().Be(2);
    }

    private ApiFactory Factory(bool seed = false) => new("Development", new Dictionary<string, string?>
    {
        ["Storage:Sqlite"] = $"Data Source={Path.Combine(_folder, "api.db")}",
        ["Api:ProcessesFolder"] = Path.Combine(_folder, "processes"),
        ["Api:SeedDemo"] = seed ? "true" : "false",
    });

    private static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");
}
