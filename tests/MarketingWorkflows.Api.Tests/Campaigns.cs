namespace MarketingWorkflows.Api.Tests;

/// <summary>Requests and readers the tests share.</summary>
internal static class Campaigns
{
    public static object Start(decimal budget = 20_000, string owner = "ana") => new
    {
        processId = "campaign-approval",
        data = new { name = "Spring launch", owner, budget = new { amount = budget, currency = "EUR" }, regions = new[] { "US" }, channels = new[] { "social" } },
    };

    public static async Task<JsonElement> StartAsync(HttpClient client, decimal budget = 20_000)
    {
        using var response = await client.PostAsJsonAsync("/api/instances", Start(budget));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> SubmittedAsync(HttpClient client, decimal budget = 20_000)
    {
        var id = (await StartAsync(client, budget)).GetProperty("id").GetGuid();
        using var response = await client.PostAsync($"/api/instances/{id}/triggers/Submit", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instance");
    }

    public static HttpRequestMessage Post(string uri, object? body = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        text.Should().NotContain("   at ", "a problem never carries a stack trace");
        return problem;
    }
}
