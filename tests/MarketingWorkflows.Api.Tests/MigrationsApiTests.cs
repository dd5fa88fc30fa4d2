namespace MarketingWorkflows.Api.Tests;

public sealed class MigrationsApiTests : IDisposable
{
    private const string Version1 = """
        id: expense-approval
        version: 1
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

    private const string Version2 = """
        id: expense-approval
        version: 2
        data:
          - { name: owner, type: string, required: true }
          - { name: amount, type: money, required: true }
          - { name: costCentre, type: string, required: true }
        triggers:
          - { name: Submit, roles: [marketer] }
          - { name: Check, roles: [manager] }
          - { name: Approve, roles: [finance] }
        states:
          - name: Draft
            initial: true
            transitions: [ { trigger: Submit, to: ManagerCheck } ]
          - name: ManagerCheck
            transitions: [ { trigger: Check, to: FinanceReview } ]
          - name: FinanceReview
            transitions: [ { trigger: Approve, to: Paid } ]
          - { name: Paid, terminal: true }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-migrations-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrating_needs_the_process_admin_role()
    {
        using var factory = Factory();
        var ana = await factory.SignInAsync("ana");

        using var response = await ana.PostAsJsonAsync("/api/processes/campaign-approval/migrations", new { fromVersion = 1, toVersion = 2, dryRun = true });

        (await Campaigns.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("process-admin");
    }

    [Fact]
    public async Task A_plan_that_does_not_fit_is_422_with_every_problem_by_its_place_in_the_plan()
    {
        using var factory = Factory();
        var (admin, instance) = await InReviewOnVersion1Async(factory);

        using var response = await admin.PostAsJsonAsync("/api/processes/expense-approval/migrations", new
        {
            fromVersion = 1,
            toVersion = 2,
            states = new Dictionary<string, string> { ["Draft"] = "Drafting" },
            dataDefaults = new Dictionary<string, object> { ["colour"] = "red" },
        });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "migration-plan-invalid");
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("states.Draft", "states.Review", "dataDefaults.colour", "dataDefaults.costCentre");
        errors.GetProperty("states.Review")[0].GetString().Should().Contain("1 open instance is in 'Review'").And.Contain("FinanceReview");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}")).GetProperty("definitionVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_dry_run_reports_each_instance_and_the_migration_then_moves_it()
    {
        using var factory = Factory();
        var (admin, instance) = await InReviewOnVersion1Async(factory);
        var plan = new { fromVersion = 1, toVersion = 2, states = new Dictionary<string, string> { ["Review"] = "FinanceReview" }, dataDefaults = new Dictionary<string, object> { ["costCentre"] = "MKT-100" } };

        using var dry = await admin.PostAsJsonAsync("/api/processes/expense-approval/migrations", new { plan.fromVersion, plan.toVersion, plan.states, plan.dataDefaults, dryRun = true });

        dry.StatusCode.Should().Be(HttpStatusCode.OK, await dry.Content.ReadAsStringAsync());
        var planned = await dry.Content.ReadFromJsonAsync<JsonElement>();
        planned.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        var one = planned.GetProperty("instances").EnumerateArray().Single();
        (one.GetProperty("instanceId").GetGuid(), one.GetProperty("fromState").GetString(), one.GetProperty("toState").GetString(), one.GetProperty("outcome").GetString())
            .Should().Be((instance, "Review", "FinanceReview", "WouldMigrate"));
        one.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).Should().Contain("data field 'costCentre' set to \"MKT-100\" (the plan's default)");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}")).GetProperty("definitionVersion").GetInt32().Should().Be(1);

        using var applied = await admin.PostAsJsonAsync("/api/processes/expense-approval/migrations", plan);

        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        var report = await applied.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("moved").GetInt32().Should().Be(1);
        report.GetProperty("instances")[0].GetProperty("outcome").GetString().Should().Be("Migrated");
        var moved = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}");
        (moved.GetProperty("definitionVersion").GetInt32(), moved.GetProperty("state").GetString()).Should().Be((2, "FinanceReview"));
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}/history");
        history.ToString().Should().Contain("Migrated");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{instance}/history/verification")).GetProperty("isValid").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_request_without_versions_is_422_and_an_unknown_process_is_404()
    {
        using var factory = Factory();
        var admin = await factory.SignInAsync("admin");

        using var missing = await admin.PostAsJsonAsync("/api/processes/campaign-approval/migrations", new { dryRun = true });
        using var unknown = await admin.PostAsJsonAsync("/api/processes/no-such-process/migrations", new { fromVersion = 1, toVersion = 2 });

        var problem = await Campaigns.ProblemAsync(missing, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("fromVersion", "toVersion");
        await Campaigns.ProblemAsync(unknown, HttpStatusCode.NotFound, "process-not-found");
    }

    private async Task<(HttpClient Admin, Guid Instance)> InReviewOnVersion1Async(ApiFactory factory)
    {
        var admin = await factory.SignInAsync("admin");
        using (var first = await admin.PostAsync("/api/processes", Yaml(Version1)))
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        }

        var ana = await factory.SignInAsync("ana");
        using var started = await ana.PostAsJsonAsync("/api/instances", new { processId = "expense-approval", data = new { owner = "ana", amount = new { amount = 120, currency = "EUR" } } });
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var submitted = await ana.PostAsJsonAsync($"/api/instances/{id}/triggers/Submit", new { }))
        {
            submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        }

        using (var second = await admin.PostAsync("/api/processes", Yaml(Version2)))
        {
            second.StatusCode.Should().Be(HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
        }

        return (admin, id);
    }

    private ApiFactory Factory() => new("Development", new Dictionary<string, string?>
    {
        ["Storage:Sqlite"] = $"Data Source={Path.Combine(_folder, "api.db")}",
        ["Api:ProcessesFolder"] = Path.Combine(_folder, "processes"),
        ["Api:SeedDemo"] = "false",
    });

    private static StringContent Yaml(string text) => new(text, System.Text.Encoding.UTF8, "application/yaml");
}
