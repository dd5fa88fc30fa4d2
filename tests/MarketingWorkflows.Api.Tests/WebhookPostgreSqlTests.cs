using MarketingWorkflows.Api.Webhooks;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

/// <summary>The per-subscription delivery queue on PostgreSQL: retried, dead-lettered, and an event handed over twice queued once.</summary>
public sealed class WebhookPostgreSqlTests : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private readonly WebhooksApiTests.Receiver _receiver = new();
    private readonly WebhooksApiTests.Receiver _failing = new();
    private ApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _receiver.StartAsync();
        await _failing.StartAsync();
        _failing.FailNext(int.MaxValue);
        _factory = new ApiFactory("Development", new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["Storage:PostgreSql"] = _server.ConnectionString,
            ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:MaxAttempts"] = "3",
            ["Webhooks:RetryDelay"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
        await _failing.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task On_postgresql_each_subscription_retries_and_dead_letters_on_its_own_and_queues_an_event_once()
    {
        var admin = await _factory.SignInAsync("admin");
        var healthy = await WebhooksApiTests.SubscribeAsync(admin, new { url = _receiver.Url, eventTypes = new[] { "marketingworkflows.test.*" } });
        var failing = await WebhooksApiTests.SubscribeAsync(admin, new { url = _failing.Url, eventTypes = new[] { "marketingworkflows.test.*" } });
        _receiver.FailNext(1);
        var handler = _factory.Services.GetServices<IProcessEventHandler>().OfType<WebhookEventHandler>().Single();
        var processEvent = new ProcessEvent(Guid.NewGuid(), "marketingworkflows.test.happened", "test", Guid.NewGuid(), 1, DateTimeOffset.UtcNow, JsonDocument.Parse("{}").RootElement);

        await handler.HandleAsync(processEvent, default);
        await handler.HandleAsync(processEvent, default);

        var taken = await WebhooksApiTests.WaitForDeliveriesAsync(admin, healthy, d => d.Length > 0);
        taken.Should().ContainSingle().Which.GetProperty("attempts").GetInt32().Should().Be(2);
        var dead = await WebhooksApiTests.WaitForDeliveriesAsync(admin, failing, d => d.Length > 0);
        dead.Should().ContainSingle().Which.GetProperty("attempts").GetInt32().Should().Be(3);
        dead[0].GetProperty("statusCode").GetInt32().Should().Be(500);
        _failing.Requests.Should().HaveCount(3);

        // The dispatcher logs a delivery's end a moment before it takes the event off the queue.
        var store = _factory.Services.GetRequiredService<WebhookStore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await store.QueuedCountAsync(healthy.GetProperty("id").GetGuid(), default) + await store.QueuedCountAsync(failing.GetProperty("id").GetGuid(), default) > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the ended deliveries should have left the queue by now");
            await Task.Delay(50);
        }

        await handler.HandleAsync(processEvent, default);
        (await store.QueuedCountAsync(healthy.GetProperty("id").GetGuid(), default)).Should().Be(0, "an event whose delivery ended is not queued again");
        (await store.QueuedCountAsync(failing.GetProperty("id").GetGuid(), default)).Should().Be(0);
    }
}
