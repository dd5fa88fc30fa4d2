using System.Net.Http.Headers;
using System.Security.Claims;
using MarketingWorkflows.Api.Extensions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarketingWorkflows.Api.Tests;

/// <summary>Client mistakes are 4xx problems naming the field, and change nothing.</summary>
public sealed class BadInputTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public BadInputTests(ApiFactory factory) => _factory = factory;

    [Theory]
    [InlineData("{}", "processId")]
    [InlineData("{\"processId\":null,\"data\":{}}", "processId")]
    [InlineData("{\"processId\":\"\",\"data\":{}}", "processId")]
    [InlineData("{\"processId\":\"campaign-approval\"}", "data")]
    [InlineData("{\"processId\":\"campaign-approval\",\"data\":\"x\"}", "data")]
    [InlineData("{\"processId\":42,\"data\":{}}", "processId")]
    [InlineData("{\"processId\":\"campaign-approval\",\"data\":{},\"links\":[{}]}", "links[0].relation")]
    public async Task Starting_with_a_bad_body_is_422_naming_the_field(string body, string field)
    {
        var ana = await _factory.SignInAsync("ana");
        var before = await CountAsync(ana);

        using var response = await ana.PostAsync("/api/instances", Json(body));

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await CountAsync(ana)).Should().Be(before);
    }

    [Theory]
    [InlineData("decisions", "{}", "decision")]
    [InlineData("decisions", "{\"decision\":\"\"}", "decision")]
    [InlineData("decisions", "{\"decision\":null}", "decision")]
    [InlineData("links", "{}", "relation")]
    [InlineData("links", "{\"relation\":\"content-review\"}", "instanceId")]
    [InlineData("checklist/brief", "{}", "action")]
    [InlineData("checklist/brief", "{\"action\":\"Explode\"}", "action")]
    [InlineData("triggers/Submit", "{\"arguments\":\"x\"}", "arguments")]
    public async Task A_command_with_a_bad_body_is_422_naming_the_field_and_changes_nothing(string path, string body, string field)
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var before = await ana.GetStringAsync($"/api/instances/{id}/history");

        using var response = await ana.PostAsync($"/api/instances/{id}/{path}", Json(body));

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await ana.GetStringAsync($"/api/instances/{id}/history")).Should().Be(before);
    }

    [Fact]
    public async Task Broken_json_is_400()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.PostAsync("/api/instances", Json("{\"processId\":"));

        await Campaigns.ProblemAsync(response, HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.PostAsync("/api/instances", new StringContent("processId=campaign-approval", System.Text.Encoding.UTF8, "text/plain"));

        await Campaigns.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("If-Match", "garbage", HttpStatusCode.PreconditionFailed, "precondition-failed")]
    [InlineData("Idempotency-Key", null, HttpStatusCode.UnprocessableEntity, "validation-failed")]
    [InlineData("X-On-Behalf-Of", "nobody-gave-ana-a-delegation", HttpStatusCode.Forbidden, "forbidden")]
    public async Task A_bad_header_on_a_valid_command_is_refused_and_changes_nothing(string header, string? value, HttpStatusCode status, string code)
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var before = await ana.GetStringAsync($"/api/instances/{id}/history");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{id}/triggers/Submit");
        request.Headers.TryAddWithoutValidation(header, value ?? new string('k', Caller.MaxIdempotencyKeyLength + 1));

        using var response = await ana.SendAsync(request);

        await Campaigns.ProblemAsync(response, status, code);
        (await ana.GetStringAsync($"/api/instances/{id}/history")).Should().Be(before);
    }

    [Fact]
    public async Task A_comment_longer_than_the_limit_is_422_and_changes_nothing()
    {
        var ana = await _factory.SignInAsync("ana");
        var id = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var before = await ana.GetStringAsync($"/api/instances/{id}/history");

        using var response = await ana.PostAsJsonAsync($"/api/instances/{id}/triggers/Submit", new { comment = new string('c', RequestChecks.MaxTextLength + 1) });

        (await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors").TryGetProperty("comment", out _).Should().BeTrue();
        (await ana.GetStringAsync($"/api/instances/{id}/history")).Should().Be(before);
    }

    [Fact]
    public async Task A_validly_signed_token_without_sub_is_401()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenWithoutSub());

        using var response = await client.GetAsync("/api/instances");

        await Campaigns.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_query_with_a_bad_page_is_422_naming_the_parameter()
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.GetAsync("/api/instances?take=0&skip=-1");

        var errors = (await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors");
        errors.TryGetProperty("take", out _).Should().BeTrue();
        errors.TryGetProperty("skip", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("/api/instances?take=abc", "take")]
    [InlineData("/api/instances?waitingOnMe=perhaps", "waitingOnMe")]
    [InlineData("/api/instances?linkedTo=not-a-guid", "linkedTo")]
    public async Task A_query_parameter_that_does_not_bind_is_422_naming_it(string uri, string parameter)
    {
        var ana = await _factory.SignInAsync("ana");

        using var response = await ana.GetAsync(uri);

        var errors = (await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed")).GetProperty("errors");
        errors.GetProperty(parameter)[0].GetString().Should().Contain("is not a");
    }

    // Signed with the key the host trusts (the demo key in Development), but naming no user.
    private string TokenWithoutSub()
    {
        var options = _factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var key = options.TokenValidationParameters.IssuerSigningKeys.Single();
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DemoTokens.Issuer,
            Audience = DemoTokens.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim(Caller.RoleClaim, "marketer")]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static async Task<int> CountAsync(HttpClient client)
        => (await client.GetFromJsonAsync<JsonElement>("/api/instances?take=500")).GetProperty("items").GetArrayLength();

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
