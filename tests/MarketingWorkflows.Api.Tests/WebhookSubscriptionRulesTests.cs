using System.Text;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// A subscription is checked in full before anything is stored: each mistake is a 422 problem
/// naming the field (and the list item) and why, and the subscription list does not change.
/// </summary>
public sealed class WebhookSubscriptionRulesTests : IAsyncLifetime
{
    private WebhookTestHost _host = null!;
    private HttpClient _admin = null!;

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "{}", "url", "required" },
        { """{"url":null}""", "url", "required" },
        { """{"url":""}""", "url", "required" },
        { "null", "url", "required" },
        { """{"url":"receiver.example/hook"}""", "url", "not an absolute https URL" },
        { """{"url":"ftp://receiver.example/hook"}""", "url", "not an absolute https URL" },
        { """{"url":"http://receiver.example/hook"}""", "url", "must use https" },
        { """{"url":"https://user:pw@receiver.example/hook"}""", "url", "user name or password" },
        { """{"url":"https://receiver.example/hook#part"}""", "url", "fragment" },
        { $$"""{"url":"https://receiver.example/{{new string('a', 2100)}}"}""", "url", "at most 2048" },
        { """{"url":"https://[::127.0.0.1]/hook"}""", "url", "IPv4-compatible" },
        { """{"url":"https://[64:ff9b::a9fe:a9fe]/hook"}""", "url", "NAT64" },
        { """{"url":"https://[2002:7f00:1::]/hook"}""", "url", "6to4" },
        { """{"url":"https://documentation.example/hook"}""", "url", "documentation (192.0.2.0/24)" },
        { """{"url":"https://receiver.example/hook","eventTypes":[null]}""", "eventTypes[0]", "is null" },
        { """{"url":"https://receiver.example/hook","eventTypes":[""]}""", "eventTypes[0]", "is empty" },
        { """{"url":"https://receiver.example/hook","eventTypes":["marketingworkflows.campaign-approval.approved","approved"]}""", "eventTypes[1]", "'approved' is not an event type" },
        { """{"url":"https://receiver.example/hook","eventTypes":["marketingworkflows.*.approved"]}""", "eventTypes[0]", "is not an event type" },
        { """{"url":"https://receiver.example/hook","eventTypes":["MarketingWorkflows.Campaign-Approval.*"]}""", "eventTypes[0]", "is not an event type" },
        { $$"""{"url":"https://receiver.example/hook","eventTypes":["marketingworkflows.{{new string('a', 200)}}*"]}""", "eventTypes[0]", "at most 200" },
        { $$"""{"url":"https://receiver.example/hook","eventTypes":[{{string.Join(',', Enumerable.Repeat("\"*\"", 51))}}]}""", "eventTypes", "at most 50" },
        { """{"url":"https://receiver.example/hook","processes":[null]}""", "processes[0]", "is null" },
        { """{"url":"https://receiver.example/hook","processes":["Campaign Approval"]}""", "processes[0]", "is not a process id" },
        { """{"url":"https://receiver.example/hook","secret":""}""", "secret", "whsec_" },
        { """{"url":"https://receiver.example/hook","secret":"whsec_c2hvcnQ="}""", "secret", "24 to 64" },
    };

    public async Task InitializeAsync()
    {
        var resolver = new WebhookTestResolver().Map("receiver.example", "8.8.8.8").Map("documentation.example", "8.8.4.4", "192.0.2.10");
        _host = new WebhookTestHost(new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" }, resolver);
        _admin = await _host.SignInAsync("admin");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_in_a_subscription_is_a_422_naming_the_field_and_nothing_is_stored(string body, string field, string why)
    {
        using var response = await _admin.PostAsync("/api/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().Equal([field], "only the field at fault is named");
        errors.GetProperty(field)[0].GetString().Should().Contain(why);
        (await _admin.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetArrayLength().Should().Be(0, "nothing is stored");
    }

    [Fact]
    public async Task Every_mistake_is_named_at_once()
    {
        using var response = await _admin.PostAsJsonAsync("/api/webhooks", new { url = "http://receiver.example/hook", eventTypes = new[] { "*", null, "nope" }, processes = new[] { "campaign-approval", "" }, secret = "not-a-secret" });

        var problem = await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["url", "eventTypes[1]", "eventTypes[2]", "processes[1]", "secret"]);
    }

    [Fact]
    public async Task A_list_of_the_wrong_json_type_is_a_422_problem_naming_it()
    {
        using var response = await _admin.PostAsync("/api/webhooks", new StringContent("""{"url":"https://receiver.example/hook","eventTypes":"*"}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("eventTypes", out _).Should().BeTrue();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await _admin.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Exact_types_prefixes_all_and_process_ids_are_accepted()
    {
        var subscription = await WebhooksApiTests.SubscribeAsync(_admin, new
        {
            url = "https://receiver.example/hook",
            eventTypes = new[] { "*", "marketingworkflows.*", "marketingworkflows.content-*", "marketingworkflows.campaign-approval.*", "marketingworkflows.campaign-approval.budget-review", "marketingworkflows.campaign-approval.budget-*" },
            processes = new[] { "campaign-approval", "content-review" },
        });

        subscription.GetProperty("eventTypes").GetArrayLength().Should().Be(6);
        (await _admin.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetArrayLength().Should().Be(1);
    }
}
