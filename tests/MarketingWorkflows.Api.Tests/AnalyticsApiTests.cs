namespace MarketingWorkflows.Api.Tests;

/// <summary>The analytics tables over HTTP, on the demo data: roles, JSON in hours, CSV, and bad filters.</summary>
public sealed class AnalyticsApiTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-analytics-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Analytics_need_the_analyst_or_ops_lead_role()
    {
        using var factory = Factory();
        var ana = await factory.SignInAsync("ana");
        var nora = await factory.SignInAsync("nora");
        var otto = await factory.SignInAsync("otto");

        using var refused = await ana.GetAsync("/api/analytics/sla");

        (await Campaigns.ProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString().Should().Contain("analyst or ops-lead");
        (await nora.GetAsync("/api/analytics/sla")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await otto.GetAsync("/api/analytics/sla")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_demo_data_gives_rework_budget_and_cycle_time_rows_with_durations_in_hours()
    {
        using var factory = Factory();
        var nora = await factory.SignInAsync("nora");

        var rework = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/rework?process=campaign-approval");
        var budget = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/budget?by=channels");
        var quarters = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/budget");
        var cycle = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/cycle-time?process=campaign-approval");
        var turnaround = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/turnaround?process=campaign-approval&by=approver");

        var row = rework.EnumerateArray().Should().ContainSingle().Subject;
        row.GetProperty("instances").GetInt32().Should().Be(7);
        row.GetProperty("sendBacks").GetInt32().Should().Be(1, "Holiday retargeting was sent back once");
        row.GetProperty("approved").GetInt32().Should().Be(3, "Autumn webinar series, Holiday retargeting and Partner newsletter reached Approved");
        row.GetProperty("approvedFirstTime").GetInt32().Should().Be(2);
        var email = budget.EnumerateArray().Should().ContainSingle(r => r.GetProperty("group").GetString() == "email").Subject;
        email.GetProperty("planned").GetDecimal().Should().Be(45_000m + 8_000m + 5_000m + 30_000m + 60_000m + 6_000m, "every demo campaign runs on email; all but Spring launch are submitted");
        email.GetProperty("approved").GetDecimal().Should().Be(5_000m + 30_000m + 6_000m);
        email.GetProperty("actualSpend").GetDecimal().Should().Be(5_400m);
        email.GetProperty("returnOnSpend").GetDecimal().Should().Be(2.8889m);
        quarters.EnumerateArray().Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("processId").GetString() == "campaign-approval", "it is the one demo process that declares measures");
        quarters.EnumerateArray().Select(r => r.GetProperty("group").GetString()).Should().OnlyContain(g => g == "(none)" || System.Text.RegularExpressions.Regex.IsMatch(g!, "^[0-9]{4}-Q[1-4]$"), "without ?by= the figures are by quarter");
        cycle.EnumerateArray().Select(r => r.GetProperty("outcome").GetString()).Should().Equal("Completed", "Rejected");
        cycle[0].TryGetProperty("p50Hours", out var hours).Should().BeTrue();
        hours.ValueKind.Should().Be(JsonValueKind.Number);
        turnaround.EnumerateArray().Select(r => r.GetProperty("group").GetString()).Should().Contain(["fiona", "lea"]);
    }

    [Fact]
    public async Task Every_table_exports_as_csv()
    {
        using var factory = Factory();
        var otto = await factory.SignInAsync("otto");

        foreach (var table in new[] { "cycle-time", "time-in-state", "turnaround", "approver-queues", "sla", "rework", "throughput", "budget" })
        {
            using var response = await otto.GetAsync($"/api/analytics/{table}?format=csv");
            response.StatusCode.Should().Be(HttpStatusCode.OK, table);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv", table);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.Should().BeGreaterThan(1, $"{table} has a header and rows on the demo data");
        }

        using var budget = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/budget?by=regions");
        budget.Headers.Accept.ParseAdd("text/csv");
        using var csv = await otto.SendAsync(budget);
        (await csv.Content.ReadAsStringAsync()).Should().StartWith("processId,group,currency,instances,submitted,planned,approvedInstances,approved,completedInstances,actualSpend,");
    }

    [Fact]
    public async Task A_bad_filter_is_422_naming_the_field()
    {
        using var factory = Factory();
        var nora = await factory.SignInAsync("nora");

        using var time = await nora.GetAsync("/api/analytics/cycle-time?from=last-week");
        using var field = await nora.GetAsync("/api/analytics/cycle-time?data.own%20er=ana");
        using var by = await nora.GetAsync("/api/analytics/budget?by=planet");
        using var window = await nora.GetAsync("/api/analytics/sla?from=2026-10-01&to=2026-09-01");

        (await Campaigns.ProblemAsync(time, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("from")[0].GetString().Should().Contain("'last-week' is not an ISO date");
        (await Campaigns.ProblemAsync(field, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("filter")[0].GetString().Should().Contain("'own er' is not a field name");
        (await Campaigns.ProblemAsync(by, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("by")[0].GetString().Should().Contain("'planet'").And.Contain("group by channels, regions or quarter");
        (await Campaigns.ProblemAsync(window, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").GetProperty("filter")[0].GetString().Should().Contain("must be after From");
    }

    private ApiFactory Factory() => new("Development", new Dictionary<string, string?>
    {
        ["Storage:Sqlite"] = $"Data Source={Path.Combine(_folder, "api.db")}",
        ["Api:ProcessesFolder"] = Path.Combine(_folder, "processes"),
        ["Api:SeedDemo"] = "true",
    });
}
