using MarketingWorkflows.Testing;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The host on PostgreSQL (<c>Storage:Provider=PostgreSql</c>), on a server these tests start
/// from the installed binaries: webhook subscriptions and deliveries live in its tables, and the
/// analytics are computed there.
/// </summary>
public sealed class PostgreSqlHostTests : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private readonly WebhooksApiTests.Receiver _receiver = new();
    private ApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _receiver.StartAsync();
        _factory = new ApiFactory("Development", new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:PostgreSql"] = _server.ConnectionString,
            ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Api:SeedDemo"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task On_postgresql_webhooks_are_delivered_and_logged_and_analytics_are_served()
    {
        var admin = await _factory.SignInAsync("admin");
        var subscription = await WebhooksApiTests.SubscribeAsync(admin, new { url = _receiver.Url, eventTypes = new[] { "marketingworkflows.campaign-approval.*" } });
        var ana = await _factory.SignInAsync("ana");

        await Campaigns.SubmittedAsync(ana);

        var request = await _receiver.WaitForAsync(r => r.Body.Contains("\"marketingworkflows.campaign-approval.budget-review\"", StringComparison.Ordinal));
        request.SignatureValid(subscription.GetProperty("secret").GetString()!).Should().BeTrue();
        // The campaign's earlier events match the subscription too, and are logged first: wait for the budget review's own entry.
        var deliveries = await WebhooksApiTests.WaitForDeliveriesAsync(admin, subscription, d => d.Any(x => x.GetProperty("eventType").GetString() == "marketingworkflows.campaign-approval.budget-review"));
        deliveries.Should().Contain(x => x.GetProperty("eventType").GetString() == "marketingworkflows.campaign-approval.budget-review" && x.GetProperty("succeeded").GetBoolean());
        (await admin.GetFromJsonAsync<JsonElement>("/api/webhooks")).EnumerateArray().Should().ContainSingle();

        var nora = await _factory.SignInAsync("nora");
        var rework = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/rework?process=campaign-approval");
        rework.EnumerateArray().Should().ContainSingle().Which.GetProperty("instances").GetInt32().Should().Be(8, "seven demo campaigns and the one just submitted");
        var budget = await nora.GetFromJsonAsync<JsonElement>("/api/analytics/budget?by=channels");
        budget.EnumerateArray().Single(r => r.GetProperty("group").GetString() == "email").GetProperty("actualSpend").GetDecimal().Should().Be(5_400m);
    }
}
