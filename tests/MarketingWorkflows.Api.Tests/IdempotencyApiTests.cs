namespace MarketingWorkflows.Api.Tests;

/// <summary>An <c>Idempotency-Key</c> belongs to the signed-in user and stands for one request.</summary>
public sealed class IdempotencyApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;

    public IdempotencyApiTests(ApiFactory factory) => _factory = factory;

    [Fact]
    public async Task A_key_sent_again_for_another_campaign_is_refused_with_422_and_that_campaign_is_unchanged()
    {
        var ana = await _factory.SignInAsync("ana");
        var key = "k1-" + Guid.NewGuid();
        var a = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var b = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        using var submitted = await ana.SendAsync(Campaigns.Post($"/api/instances/{a}/triggers/Submit", idempotencyKey: key));
        submitted.StatusCode.Should().Be(HttpStatusCode.OK);

        using var cancel = await ana.SendAsync(Campaigns.Post($"/api/instances/{b}/triggers/Cancel", new { arguments = new { reason = "duplicate" }, comment = "not needed" }, idempotencyKey: key));
        using var start = await ana.SendAsync(Campaigns.Post("/api/instances", Campaigns.Start(), idempotencyKey: key));

        var problem = await Campaigns.ProblemAsync(cancel, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        problem.GetProperty("detail").GetString().Should().Contain(key).And.Contain($"instance {a}").And.Contain($"instance {b}");
        await Campaigns.ProblemAsync(start, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        start.Headers.Location.Should().BeNull();
        var unchanged = await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{b}");
        unchanged.GetProperty("state").GetString().Should().Be("Draft");
        unchanged.GetProperty("version").GetInt64().Should().Be(1);
        (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{a}")).GetProperty("version").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task A_retried_decision_answers_200_with_the_same_instance_version_replayed()
    {
        var ana = await _factory.SignInAsync("ana");
        var fiona = await _factory.SignInAsync("fiona");
        var id = (await Campaigns.SubmittedAsync(ana, budget: 10_000)).GetProperty("id").GetGuid();
        var key = "d1-" + Guid.NewGuid();

        using var first = await fiona.SendAsync(Campaigns.Post($"/api/instances/{id}/decisions", new { decision = "approved" }, idempotencyKey: key));
        using var again = await fiona.SendAsync(Campaigns.Post($"/api/instances/{id}/decisions", new { decision = "approved" }, idempotencyKey: key));

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var firstResult = await first.Content.ReadFromJsonAsync<JsonElement>();
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        firstResult.GetProperty("instance").GetProperty("state").GetString().Should().Be("Approved");
        replayed.GetProperty("replayed").GetBoolean().Should().BeTrue();
        replayed.GetProperty("instance").GetProperty("version").GetInt64().Should().Be(firstResult.GetProperty("instance").GetProperty("version").GetInt64());
        again.Headers.ETag.Should().Be(first.Headers.ETag);
        (await ana.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/history")).EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "Decision").Should().Be(1);
    }

    [Fact]
    public async Task Two_users_sending_the_same_key_both_apply()
    {
        var ana = await _factory.SignInAsync("ana");
        var sam = await _factory.SignInAsync("sam");
        var key = "shared-" + Guid.NewGuid();
        var anas = (await Campaigns.StartAsync(ana)).GetProperty("id").GetGuid();
        var sams = (await Campaigns.StartAsync(sam)).GetProperty("id").GetGuid();

        using var byAna = await ana.SendAsync(Campaigns.Post($"/api/instances/{anas}/triggers/Submit", idempotencyKey: key));
        using var bySam = await sam.SendAsync(Campaigns.Post($"/api/instances/{sams}/triggers/Submit", idempotencyKey: key));

        byAna.StatusCode.Should().Be(HttpStatusCode.OK);
        bySam.StatusCode.Should().Be(HttpStatusCode.OK, await bySam.Content.ReadAsStringAsync());
        var samsResult = await bySam.Content.ReadFromJsonAsync<JsonElement>();
        samsResult.GetProperty("replayed").GetBoolean().Should().BeFalse();
        samsResult.GetProperty("instance").GetProperty("id").GetGuid().Should().Be(sams);
        (await sam.GetFromJsonAsync<JsonElement>($"/api/instances/{sams}")).GetProperty("state").GetString().Should().NotBe("Draft");
    }
}
