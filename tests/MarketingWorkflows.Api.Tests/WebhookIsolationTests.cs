using System.Diagnostics;
using System.Globalization;
using MarketingWorkflows.Api.Webhooks;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// Each subscription's deliveries move on their own: a receiver that always fails, or a
/// subscription that cannot be sent at all, retries and dead-letters its own events in order
/// while a healthy subscription gets every event at once.
/// </summary>
public sealed class WebhookIsolationTests : IAsyncLifetime
{
    private readonly WebhooksApiTests.Receiver _healthy = new();
    private readonly WebhooksApiTests.Receiver _failing = new();

    public async Task InitializeAsync()
    {
        await _healthy.StartAsync();
        await _failing.StartAsync();
        _failing.FailNext(int.MaxValue);
    }

    public async Task DisposeAsync()
    {
        await _healthy.DisposeAsync();
        await _failing.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_and_a_broken_subscription_do_not_delay_a_healthy_one_and_dead_letter_on_their_own()
    {
        using var factory = Factory(retryDelay: "00:00:01");
        var admin = await factory.SignInAsync("admin");
        var healthy = await WebhooksApiTests.SubscribeAsync(admin, new { url = _healthy.Url });
        var broken = await InsertBrokenSubscriptionAsync(factory);
        var failing = await WebhooksApiTests.SubscribeAsync(admin, new { url = _failing.Url });
        var ana = await factory.SignInAsync("ana");

        var first = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();
        var second = (await Campaigns.SubmittedAsync(ana)).GetProperty("id").GetGuid();
        var clock = Stopwatch.StartNew();

        while (!(Reviewed(first) && Reviewed(second)))
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the healthy receiver gets every event at once, whatever the others do");
            await Task.Delay(25);
        }

        var events = _healthy.Requests.Select(r => r.Headers["webhook-id"]).ToArray();
        events.Should().OnlyHaveUniqueItems().And.HaveCountGreaterThanOrEqualTo(2);

        var failed = await WebhooksApiTests.WaitForDeliveriesAsync(admin, failing, d => d.Length >= events.Length);
        failed.Should().HaveCount(events.Length).And.OnlyContain(d => !d.GetProperty("succeeded").GetBoolean() && d.GetProperty("attempts").GetInt32() == 2 && d.GetProperty("statusCode").GetInt32() == 500);
        var tried = _failing.Requests.Select(r => r.Headers["webhook-id"]).ToArray();
        tried.Chunk(2).Should().OnlyContain(pair => pair.Length == 2 && pair[0] == pair[1], "each event is tried twice before the next");
        foreach (var instance in new[] { first, second })
        {
            // The outbox keeps order per instance, and so does each subscription's queue.
            InstanceOrder(tried.Distinct(), instance).Should().Equal(InstanceOrder(events, instance));
        }

        var brokenLog = await WebhooksApiTests.WaitForDeliveriesAsync(admin, broken, d => d.Length >= events.Length);
        brokenLog.Should().HaveCount(events.Length).And.OnlyContain(d => !d.GetProperty("succeeded").GetBoolean() && d.GetProperty("attempts").GetInt32() == 2 && d.GetProperty("error").GetString()!.Contains("secret", StringComparison.Ordinal));
        foreach (var instance in new[] { first, second })
        {
            InstanceOrder(brokenLog.Select(d => d.GetProperty("eventId").GetGuid().ToString()).Reverse(), instance).Should().Equal(InstanceOrder(events, instance), "the log is newest first, and the queue kept each instance's order");
        }


        var healthyLog = await WebhooksApiTests.WaitForDeliveriesAsync(admin, healthy, d => d.Length >= events.Length);
        healthyLog.Should().OnlyContain(d => d.GetProperty("succeeded").GetBoolean() && d.GetProperty("attempts").GetInt32() == 1);
        // The last failure is logged a moment before the dispatcher counts it on the subscription.
        (await WebhooksApiTests.WaitForSubscriptionAsync(admin, failing.GetProperty("id").GetGuid(), s => s.GetProperty("consecutiveFailures").GetInt32() >= events.Length))
            .GetProperty("consecutiveFailures").GetInt32().Should().Be(events.Length);
        (await admin.GetFromJsonAsync<JsonElement>($"/api/webhooks/{healthy.GetProperty("id").GetGuid()}")).GetProperty("consecutiveFailures").GetInt32().Should().Be(0);

        IEnumerable<string> InstanceOrder(IEnumerable<string> ids, Guid instance)
            => ids.Where(id => _healthy.Requests.Any(r => r.Headers["webhook-id"] == id && r.Body.Contains($"\"subject\":\"{instance}\"", StringComparison.Ordinal)));

        bool Reviewed(Guid instance) => _healthy.Requests.Any(r => r.Body.Contains($"\"subject\":\"{instance}\"", StringComparison.Ordinal) && r.Body.Contains("budget-review", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_the_outbox_hands_over_twice_is_queued_and_sent_once()
    {
        using var factory = Factory(retryDelay: "00:10:00");
        var admin = await factory.SignInAsync("admin");
        var subscription = await WebhooksApiTests.SubscribeAsync(admin, new { url = _failing.Url, eventTypes = new[] { "marketingworkflows.test.*" } });
        var handler = factory.Services.GetServices<IProcessEventHandler>().OfType<WebhookEventHandler>().Single();
        var store = factory.Services.GetRequiredService<WebhookStore>();
        var processEvent = new ProcessEvent(Guid.NewGuid(), "marketingworkflows.test.happened", "test", Guid.NewGuid(), 1, DateTimeOffset.UtcNow, JsonDocument.Parse("{}").RootElement);

        await handler.HandleAsync(processEvent, default);
        await handler.HandleAsync(processEvent, default);
        await _failing.WaitForAsync(r => r.Headers["webhook-id"] == processEvent.Id.ToString());

        // The failed attempt is recorded a moment after the receiver answered.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await store.QueueHeadAsync(subscription.GetProperty("id").GetGuid(), default))!.Attempts == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the failed attempt should have been recorded by now");
            await Task.Delay(50);
        }

        await handler.HandleAsync(processEvent, default);

        (await store.QueuedCountAsync(subscription.GetProperty("id").GetGuid(), default)).Should().Be(1);
        (await store.QueueHeadAsync(subscription.GetProperty("id").GetGuid(), default))!.Attempts.Should().Be(1, "the second attempt waits ten minutes");
        _failing.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_disabled_subscription_keeps_its_queue_and_sends_it_in_order_once_enabled()
    {
        using var factory = Factory(retryDelay: "00:00:00.050", disableAfter: 1);
        var admin = await factory.SignInAsync("admin");
        var subscription = await WebhooksApiTests.SubscribeAsync(admin, new { url = _failing.Url, eventTypes = new[] { "marketingworkflows.test.*" } });
        var id = subscription.GetProperty("id").GetGuid();
        var handler = factory.Services.GetServices<IProcessEventHandler>().OfType<WebhookEventHandler>().Single();
        var events = Enumerable.Range(1, 3).Select(i => new ProcessEvent(Guid.NewGuid(), "marketingworkflows.test.happened", "test", Guid.NewGuid(), i, DateTimeOffset.UtcNow, JsonDocument.Parse("{}").RootElement)).ToArray();

        foreach (var e in events)
        {
            await handler.HandleAsync(e, default);
        }

        await WebhooksApiTests.WaitForDeliveriesAsync(admin, subscription, d => d.Length == 1);

        // The failed delivery is logged a moment before the subscription is disabled.
        await WebhooksApiTests.WaitForSubscriptionAsync(admin, id, s => !s.GetProperty("enabled").GetBoolean());

        await Task.Delay(500);
        _failing.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Should().Equal([events[0].Id.ToString()], "a disabled subscription sends nothing more");

        _failing.FailNext(0);
        (await admin.PostAsync($"/api/webhooks/{id}/enable", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var deliveries = await WebhooksApiTests.WaitForDeliveriesAsync(admin, subscription, d => d.Length == 3);
        deliveries.Take(2).Should().OnlyContain(d => d.GetProperty("succeeded").GetBoolean());
        _failing.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Should().Equal(events.Select(e => e.Id.ToString()));
    }

    [Theory]
    [InlineData(1, 2_000)]
    [InlineData(2, 4_000)]
    [InlineData(3, 8_000)]
    [InlineData(12, 3_600_000)]
    [InlineData(1_000, 3_600_000)]
    public void The_delay_before_a_retry_doubles_up_to_an_hour(int failedAttempts, int milliseconds)
        => WebhookDispatcher.RetryDelay(TimeSpan.FromSeconds(2), failedAttempts).Should().Be(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>A subscription stored before subscriptions were checked: a null event type and a secret nothing can be signed with.</summary>
    private async Task<JsonElement> InsertBrokenSubscriptionAsync(ApiFactory factory)
    {
        var id = Guid.NewGuid();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(factory.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO mwf_webhook_subscriptions (id, url, event_types, processes, secret, enabled, consecutive_failures, disabled_reason, created_by, created_at)
            VALUES ($id, $url, '[null, "marketingworkflows.*"]', '[]', 'not-a-secret', 1, 0, NULL, 'admin', $at)
            """;
        command.Parameters.AddWithValue("$id", id.ToString());
        command.Parameters.AddWithValue("$url", _failing.Url);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync();
        return JsonDocument.Parse($$"""{"id":"{{id}}"}""").RootElement;
    }

    private static ApiFactory Factory(string retryDelay, int disableAfter = 100) => new("Development", new Dictionary<string, string?>
    {
        ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:MaxAttempts"] = "2",
        ["Webhooks:RetryDelay"] = retryDelay,
        ["Webhooks:DisableAfterFailures"] = disableAfter.ToString(CultureInfo.InvariantCulture),
    });
}
