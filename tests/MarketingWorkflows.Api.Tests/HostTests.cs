using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

public sealed class HostTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public HostTests(ApiFactory factory) => _factory = factory;

    [Theory]
    [InlineData("/api/processes")]
    [InlineData("/api/instances")]
    public async Task A_request_without_a_token_is_401_with_a_problem(string path)
    {
        using var response = await _factory.CreateClient().GetAsync(path);

        await Campaigns.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().Should().Contain("Bearer");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbmEiLCJyb2xlIjoiY21vIn0.c2lnbmF0dXJl");

        using var response = await client.GetAsync("/api/processes");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_token()
    {
        var client = _factory.CreateClient();

        (await client.GetStringAsync("/healthz")).Should().Be("Healthy");
        var ready = await client.GetFromJsonAsync<JsonElement>("/readyz");
        ready.GetProperty("status").GetString().Should().Be("Healthy");
        ready.GetProperty("checks").GetProperty("store").GetProperty("probe").GetString().Should().Be("write", "the SQLite store proves a write commits");
        var backlog = ready.GetProperty("checks").GetProperty("store").GetProperty("backlog");
        backlog.GetProperty("pendingEvents").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        backlog.GetProperty("deadLetteredEvents").GetInt64().Should().Be(0);
        backlog.GetProperty("idempotencyRecords").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        backlog.GetProperty("oldestPendingAgeSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_api_route()
    {
        var document = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var routes = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/api", StringComparison.Ordinal))
            .Select(r => System.Text.RegularExpressions.Regex.Replace(r, ":[a-z]+}", "}"))
            .Select(r => r.TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);

        routes.Should().HaveCountGreaterThan(10);
        paths.Select(p => p.TrimEnd('/')).Should().Contain(routes);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var ana = await _factory.SignInAsync("ana");
        var huge = new string('x', 300 * 1024);

        using var response = await ana.PostAsJsonAsync("/api/instances", new { processId = "campaign-approval", data = new { name = huge } });

        await Campaigns.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Processes_are_listed_with_their_diagrams()
    {
        var ana = await _factory.SignInAsync("ana");

        var processes = await ana.GetFromJsonAsync<JsonElement>("/api/processes");
        var mermaid = await ana.GetStringAsync("/api/processes/campaign-approval/diagram");
        var dot = await ana.GetStringAsync("/api/processes/campaign-approval/diagram?format=dot");
        using var missing = await ana.GetAsync("/api/processes/expense-approval/versions/1");

        processes.EnumerateArray().Select(p => p.GetProperty("id").GetString()).Should().Contain(["campaign-approval", "content-review", "launch-checklist"]);
        mermaid.Should().StartWith("stateDiagram-v2");
        dot.Should().Contain("digraph");
        (await Campaigns.ProblemAsync(missing, HttpStatusCode.NotFound, "process-not-found")).GetProperty("detail").GetString().Should().Contain("campaign-approval v1");
        (await ana.GetFromJsonAsync<JsonElement>("/api/processes/campaign-approval/versions/1")).GetProperty("id").GetString().Should().Be("campaign-approval");
    }
}

public sealed class HostLimitsTests
{
    [Fact]
    public async Task Too_many_requests_from_one_user_get_429()
    {
        using var factory = new ApiFactory("Development", new Dictionary<string, string?> { ["Api:RequestsPerMinutePerUser"] = "3" });
        var ana = await factory.SignInAsync("ana");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await ana.GetAsync("/api/processes");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Campaigns.ProblemAsync(response, HttpStatusCode.TooManyRequests, "too-many-requests");
            }
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests);
        statuses.Take(2).Should().OnlyContain(s => s == HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_demo_sign_in_is_off_outside_development()
    {
        using var factory = new ApiFactory("Production");

        using var response = await factory.CreateClient().PostAsJsonAsync("/api/demo/token", new { userId = "ana" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
