namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// Webhooks cannot be pointed at the host's own network unless Webhooks:AllowPrivateNetworks is
/// set: such a subscription is refused, and the sender will not connect to such an address even
/// for a subscription that already exists.
/// </summary>
public sealed class WebhookNetworkTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mwf-webhook-net-").FullName;
    private readonly WebhooksApiTests.Receiver _receiver = new();

    public Task InitializeAsync() => _receiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("https://127.0.0.1:9/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("https://192.168.0.10/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[::1]:9/hook", "loopback")]
    [InlineData("https://localhost:9/hook", "loopback")]
    [InlineData("http://127.0.0.1:9/hook", "https")]
    public async Task A_subscription_to_a_private_or_loopback_address_is_refused_by_default(string url, string why)
    {
        using var factory = Factory(allowPrivate: false);
        var admin = await factory.SignInAsync("admin");

        using var response = await admin.PostAsJsonAsync("/api/webhooks", new { url });

        (await Campaigns.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "validation-failed"))
            .GetProperty("errors").GetProperty("url")[0].GetString().Should().Contain("Webhooks:AllowPrivateNetworks").And.Contain(why);
        (await admin.GetFromJsonAsync<JsonElement>("/api/webhooks")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_sender_does_not_connect_to_a_private_address_for_an_existing_subscription()
    {
        JsonElement subscription;
        using (var allowing = Factory(allowPrivate: true))
        {
            subscription = await WebhooksApiTests.SubscribeAsync(await allowing.SignInAsync("admin"), new { url = _receiver.Url });
        }

        using var strict = Factory(allowPrivate: false);
        var admin = await strict.SignInAsync("admin");
        await Campaigns.SubmittedAsync(await strict.SignInAsync("ana"));

        var deliveries = await WebhooksApiTests.WaitForDeliveriesAsync(admin, subscription, d => d.Length > 0);
        deliveries[0].GetProperty("succeeded").GetBoolean().Should().BeFalse();
        deliveries[0].GetProperty("error").GetString().Should().Contain("Webhooks:AllowPrivateNetworks");
        _receiver.Requests.Should().BeEmpty("the sender never connected to the loopback receiver");
    }

    private ApiFactory Factory(bool allowPrivate) => new("Development", new Dictionary<string, string?>
    {
        ["Storage:Sqlite"] = $"Data Source={Path.Combine(_folder, "api.db")}",
        ["Api:ProcessesFolder"] = Path.Combine(_folder, "processes"),
        ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
        ["Webhooks:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
        ["Webhooks:MaxAttempts"] = "1",
        ["Webhooks:RetryDelay"] = "00:00:00.010",
    });
}
