using System.Text.Json.Nodes;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The OpenAPI document is the contract: every answer, header, parameter and the security it needs.</summary>
public sealed class OpenApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public OpenApiTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public async Task The_document_declares_the_bearer_scheme_and_the_problem_schema()
    {
        var document = await OpenApiDocument.ReadAsync(_factory);

        var bearer = document["components"]!["securitySchemes"]!["Bearer"]!;
        bearer["type"]!.GetValue<string>().Should().Be("http");
        bearer["scheme"]!.GetValue<string>().Should().Be("bearer");
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        problem.Select(p => p.Key).Should().Contain(["type", "title", "status", "detail", "code", "errors", "reasons"]);
    }

    [Fact]
    public async Task Every_api_operation_has_an_id_and_answers_its_problems_as_problem_json()
    {
        var document = await OpenApiDocument.ReadAsync(_factory);

        var operations = OpenApiDocument.Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        operations.Should().HaveCountGreaterThan(15);
        operations.Select(o => o.Operation["operationId"]?.GetValue<string>()).Should().OnlyHaveUniqueItems().And.NotContainNulls();
        foreach (var (path, method, operation) in operations)
        {
            var responses = operation["responses"]!.AsObject();
            responses.Select(r => r.Key).Should().Contain(["400", "429", "500"], $"{method} {path} can answer them");
            responses.Should().Contain(r => r.Key.StartsWith('2'), $"{method} {path} succeeds somehow");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                response!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()
                    .Should().Be("#/components/schemas/ProblemDetails", $"{method} {path} {status} is a problem");
                response["description"]!.GetValue<string>().Should().Contain("code: ", $"{method} {path} {status} names its codes");
            }

            if (operation["security"] is not null)
            {
                responses.Select(r => r.Key).Should().Contain(["401", "403"], $"{method} {path} needs a token");
            }
        }
    }

    [Fact]
    public async Task Commands_declare_the_headers_they_read_and_their_refusals()
    {
        var document = await OpenApiDocument.ReadAsync(_factory);

        var decide = Operation(document, "/api/instances/{id}/decisions", "post");
        Headers(decide).Should().BeEquivalentTo(["If-Match", "Idempotency-Key", "X-On-Behalf-Of"]);
        decide["responses"]!.AsObject().Select(r => r.Key).Should().Contain(["401", "403", "404", "409", "412", "413", "422"]);
        decide["responses"]!["409"]!["description"]!.GetValue<string>().Should().Contain("not-permitted");
        decide["security"]![0]!.AsObject().Select(r => r.Key).Should().Equal("Bearer");
        Headers(Operation(document, "/api/instances/{id}/data", "patch")).Should().Contain("X-Comment");
        Headers(Operation(document, "/api/instances", "post")).Should().BeEquivalentTo(["Idempotency-Key", "X-On-Behalf-Of"]);
    }

    [Fact]
    public async Task The_analytics_declare_their_query_parameters_and_csv()
    {
        var document = await OpenApiDocument.ReadAsync(_factory);

        var turnaround = Operation(document, "/api/analytics/turnaround", "get");
        var query = turnaround["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        query.Keys.Should().BeEquivalentTo(["process", "version", "from", "to", "format", "by"]);
        query["by"]["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("stage", "role", "approver");
        query["version"]["schema"]!["type"]!.GetValue<string>().Should().Be("integer");
        turnaround["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).Should().Contain(["application/json", "text/csv"]);
        turnaround["responses"]!["422"]!["description"]!.GetValue<string>().Should().Contain("validation-failed");
    }

    [Fact]
    public async Task The_checked_in_client_was_generated_from_the_current_document()
    {
        var live = OpenApiDocument.Format(await OpenApiDocument.ReadAsync(_factory));
        if (Environment.GetEnvironmentVariable("MWF_WRITE_OPENAPI") == "1")
        {
            // eng/generate-client.sh sets it to write the document the client is then generated from.
            await File.WriteAllTextAsync(OpenApiDocument.CheckedInPath, live);
        }

        var checkedIn = await File.ReadAllTextAsync(OpenApiDocument.CheckedInPath);
        checkedIn.ReplaceLineEndings("\n").Should().Be(live, "the API changed since the client was generated: run eng/generate-client.sh and commit the result");
    }

    [Fact]
    public async Task The_api_reference_page_is_served_in_development_only()
    {
        using var client = _factory.CreateClient();
        using var page = await client.GetAsync("/scalar/");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");

        await using var production = new ApiFactory("Production");
        using var none = await production.CreateClient().GetAsync("/scalar/");
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static JsonObject Operation(JsonObject document, string path, string method)
        => document["paths"]![path]![method]!.AsObject();

    private static IEnumerable<string> Headers(JsonObject operation)
        => operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>());
}
