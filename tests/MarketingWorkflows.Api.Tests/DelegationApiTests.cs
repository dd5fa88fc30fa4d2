using MarketingWorkflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

/// <summary>Delegations through the host: create, list given and received, act with X-On-Behalf-Of, revoke; and the demo users behind them.</summary>
public sealed class DelegationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string InDays(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_delegate_approves_on_behalf_of_the_delegator_and_the_history_names_both_until_it_is_revoked()
    {
        var fiona = await factory.SignInAsync("fiona");
        var mia = await factory.SignInAsync("mia");
        var ana = await factory.SignInAsync("ana");

        using var created = await fiona.PostAsJsonAsync("/api/delegations", new { @delegate = "mia", roles = new[] { "finance" }, until = InDays(3) });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var delegation = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = delegation.GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().Should().Be($"/api/delegations/{id}");
        delegation.GetProperty("from").GetString().Should().Be(Today);
        delegation.GetProperty("active").GetBoolean().Should().BeTrue();

        var given = await fiona.GetFromJsonAsync<JsonElement>("/api/delegations");
        given.GetProperty("given").EnumerateArray().Select(d => d.GetProperty("delegate").GetString()).Should().Contain("mia");
        var received = await mia.GetFromJsonAsync<JsonElement>("/api/delegations");
        received.GetProperty("received").EnumerateArray().Should().ContainSingle(d => d.GetProperty("delegator").GetString() == "fiona" && d.GetProperty("id").GetString() == id);

        // mia acts for fiona: the engine checks the delegation, the history records both.
        var first = (await SubmittedAsync(ana)).GetProperty("id").GetGuid();
        using var approved = await SendAsync(mia, HttpMethod.Post, $"/api/instances/{first}/decisions", new { decision = "approved", comment = "For fiona" }, onBehalfOf: "fiona");
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        var last = (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{first}/history")).EnumerateArray().Last();
        last.GetProperty("actor").GetString().Should().Be("mia");
        last.GetProperty("onBehalfOf").GetString().Should().Be("fiona");

        // Revoked, it no longer lets mia act, and neither list shows it.
        using var revoked = await fiona.DeleteAsync($"/api/delegations/{id}");
        revoked.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var second = (await SubmittedAsync(ana)).GetProperty("id").GetGuid();
        using var refused = await SendAsync(mia, HttpMethod.Post, $"/api/instances/{second}/decisions", new { decision = "approved" }, onBehalfOf: "fiona");
        (await ProblemAsync(refused, HttpStatusCode.Forbidden)).GetProperty("reasons")[0].GetString().Should().Contain("no delegation from fiona");
        (await mia.GetFromJsonAsync<JsonElement>("/api/delegations")).GetProperty("received").EnumerateArray().Should().NotContain(d => d.GetProperty("id").GetString() == id);
        (await fiona.GetFromJsonAsync<JsonElement>("/api/delegations")).GetProperty("given").EnumerateArray().Should().NotContain(d => d.GetProperty("id").GetString() == id);
        using var again = await fiona.DeleteAsync($"/api/delegations/{id}");
        await ProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "roles": ["legal"], "until": "2999-01-01" }""", "delegate")]
    [InlineData("""{ "delegate": "lea", "roles": ["legal"], "until": "2999-01-01" }""", "delegate")]
    [InlineData("""{ "delegate": "mia", "roles": ["legal"] }""", "until")]
    [InlineData("""{ "delegate": "mia", "roles": ["legal"], "from": "2999-01-05", "until": "2999-01-01" }""", "until")]
    [InlineData("""{ "delegate": "mia", "roles": ["legal"], "until": "2000-01-01" }""", "until")]
    [InlineData("""{ "delegate": "mia", "roles": ["legal", "cmo"], "until": "2999-01-01" }""", "roles")]
    [InlineData("""{ "delegate": "mia", "roles": ["legal"], "until": "2999-01-01", "processId": "no-such-process" }""", "processId")]
    [InlineData("""{}""", "delegate")]
    public async Task An_invalid_delegation_is_422_naming_the_field_and_saves_nothing(string body, string field)
    {
        var lea = await factory.SignInAsync("lea");
        var before = await lea.GetStringAsync("/api/delegations");

        using var response = await lea.PostAsync("/api/delegations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().Should().Be("validation-failed");
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(problem.ToString());
        messages[0].GetString().Should().NotBeNullOrWhiteSpace();
        (await lea.GetStringAsync("/api/delegations")).Should().Be(before);
    }

    [Theory]
    [InlineData("""{ "delegate": "mia", "until": "next week" }""", "until")]
    [InlineData("""{ "delegate": "mia", "roles": "legal", "until": "2999-01-01" }""", "roles")]
    public async Task A_field_of_the_wrong_type_is_422_naming_it(string body, string field)
    {
        var lea = await factory.SignInAsync("lea");

        using var response = await lea.PostAsync("/api/delegations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("""[ "mia" ]""")]
    [InlineData("""{ "delegate": """)]
    public async Task A_body_that_is_not_a_delegation_object_is_a_4xx_problem(string body)
    {
        var lea = await factory.SignInAsync("lea");
        var before = await lea.GetStringAsync("/api/delegations");

        using var response = await lea.PostAsync("/api/delegations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().BeOneOf([400, 422], await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await lea.GetStringAsync("/api/delegations")).Should().Be(before);
    }

    [Theory]
    [InlineData("e30")]
    [InlineData("bnVsbA")]
    [InlineData("%20")]
    public async Task Revoking_an_id_that_names_no_delegation_is_404(string id)
    {
        var lea = await factory.SignInAsync("lea");

        using var response = await lea.DeleteAsync($"/api/delegations/{id}");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_delegation_is_given_in_ones_own_name_and_revoked_only_by_those_it_names()
    {
        var otto = await factory.SignInAsync("otto");
        using var onBehalf = await SendAsync(otto, HttpMethod.Post, "/api/delegations", new { @delegate = "sam", until = InDays(1) }, onBehalfOf: "cora");
        (await ProblemAsync(onBehalf, HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("X-On-Behalf-Of", out _).Should().BeTrue();

        using var created = await otto.PostAsJsonAsync("/api/delegations", new { @delegate = "sam", roles = new[] { "ops-lead" }, until = InDays(1), processId = "launch-checklist" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var bea = await factory.SignInAsync("bea");
        using var stranger = await bea.DeleteAsync($"/api/delegations/{id}");
        await ProblemAsync(stranger, HttpStatusCode.Forbidden);
        using var garbage = await bea.DeleteAsync("/api/delegations/not-an-id");
        await ProblemAsync(garbage, HttpStatusCode.NotFound);

        // The delegate may hand it back.
        var sam = await factory.SignInAsync("sam");
        using var returned = await sam.DeleteAsync($"/api/delegations/{id}");
        returned.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await otto.GetFromJsonAsync<JsonElement>("/api/delegations")).GetProperty("given").EnumerateArray().Should().NotContain(d => d.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Asking_for_a_demo_token_without_a_user_is_422_naming_the_field()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/demo/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").GetProperty("userId")[0].GetString().Should().Contain("is required");
    }

    [Fact]
    public async Task Some_demo_user_holds_each_role_the_built_in_processes_name()
    {
        var registry = factory.Services.GetRequiredService<IProcessDefinitionRegistry>();
        using var client = factory.CreateClient();
        var held = (await client.GetFromJsonAsync<JsonElement>("/api/demo/users")).EnumerateArray()
            .SelectMany(u => u.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)).ToHashSet(StringComparer.Ordinal);

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in registry.GetAll().Select(d => JsonDocument.Parse(d.ToJson()).RootElement))
        {
            foreach (var trigger in Array(json, "triggers"))
            {
                named.UnionWith(Array(trigger, "roles").Select(r => r.GetString()!));
            }

            foreach (var item in Array(json, "checklist"))
            {
                named.Add(item.GetProperty("owner").GetString()!);
                named.UnionWith(Array(item, "waivableBy").Select(r => r.GetString()!));
            }

            foreach (var approval in Array(json, "states").Where(s => s.TryGetProperty("approval", out _)).Select(s => s.GetProperty("approval")))
            {
                named.UnionWith(Array(approval, "approvers").Where(a => a.TryGetProperty("role", out _)).Select(a => a.GetProperty("role").GetString()!));
                if (approval.TryGetProperty("fallbackRole", out var fallback))
                {
                    named.Add(fallback.GetString()!);
                }
            }
        }

        named.Remove("system");
        named.Should().NotBeEmpty().And.Contain(["content", "design", "analytics", "ops-lead", "cmo"]);
        named.Except(held).Should().BeEmpty("every role a process names needs a demo user to try it");
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name)
        => element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static async Task<JsonElement> SubmittedAsync(HttpClient client)
    {
        using var started = await client.PostAsJsonAsync("/api/instances", new
        {
            processId = "campaign-approval",
            data = new { name = "Delegated launch", owner = "ana", budget = new { amount = 20_000, currency = "EUR" }, regions = new[] { "US" }, channels = new[] { "social" } },
        });
        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var submitted = await client.PostAsync($"/api/instances/{id}/triggers/Submit", null);
        submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string uri, object body, string onBehalfOf)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-On-Behalf-Of", onBehalfOf);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(text).RootElement;
    }
}
