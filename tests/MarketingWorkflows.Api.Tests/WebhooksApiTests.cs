using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MarketingWorkflows.Api.Tests;

public sealed class WebhooksApiTests : IAsyncLifetime
{
    private readonly Receiver _receiver = new();
    private ApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        _factory = new ApiFactory("Development", new Dictionary<string, string?>
        {
            ["MarketingWorkflows:PollInterval"] = "00:00:00.100",
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:RetryDelay"] = "00:00:00.050",
            ["Webhooks:MaxAttempts"] = "3",
            ["Webhooks:DisableAfterFailures"] = "2",
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task An_event_is_delivered_signed_the_standard_webhooks_way_and_logged()
    {
        var admin = await _factory.SignInAsync("admin");
        var subscription = await SubscribeAsync(admin, new { url = _receiver.Url, eventTypes = new[] { "marketingworkflows.campaign-approval.*" } });
        var ana = await _factory.SignInAsync("ana");

        var submitted = await Campaigns.SubmittedAsync(ana);

        var request = await _receiver.WaitForAsync(r => r.Body.Contains("\"marketingworkflows.campaign-approval.budget-review\"", StringComparison.Ordinal));
        request.SignatureValid(subscription.GetProperty("secret").GetString()!).Should().BeTrue();
        var body = JsonDocument.Parse(request.Body).RootElement;
        body.GetProperty("subject").GetGuid().Should().Be(submitted.GetProperty("id").GetGuid());
        request.Headers["webhook-id"].Should().Be(body.GetProperty("id").GetString());
        long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 60);
        var deliveries = await WaitForDeliveriesAsync(admin, subscription, d => d.Any(x => x.GetProperty("eventType").GetString() == "marketingworkflows.campaign-approval.budget-review"));
        deliveries.First(x => x.GetProperty("eventType").GetString() == "marketingworkflows.campaign-approval.budget-review").GetProperty("succeeded").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_backoff_until_it_takes_the_event()
    {
        _receiver.FailNext(2);
        var admin = await _factory.SignInAsync("admin");
        var subscription = await SubscribeAsync(admin, new { url = _receiver.Url, eventTypes = new[] { "marketingworkflows.campaign-approval.budget-review" } });
        var ana = await _factory.SignInAsync("ana");

        await Campaigns.SubmittedAsync(ana);

        var deliveries = await WaitForDeliveriesAsync(admin, subscription, d => d.Length > 0);
        var delivery = deliveries.Single();
        delivery.GetProperty("succeeded").GetBoolean().Should().BeTrue();
        delivery.GetProperty("attempts").GetInt32().Should().Be(3);
        _receiver.Requests.Where(r => r.Body.Contains("budget-review", StringComparison.Ordinal)).Select(r => r.Headers["webhook-id"]).Distinct().Should().ContainSingle("every attempt carries the same webhook-id");
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_disabled_and_a_delivery_can_be_sent_again()
    {
        _receiver.FailNext(int.MaxValue);
        var admin = await _factory.SignInAsync("admin");
        var subscription = await SubscribeAsync(admin, new { url = _receiver.Url, eventTypes = new[] { "marketingworkflows.campaign-approval.budget-review" } });
        var id = subscription.GetProperty("id").GetGuid();
        var ana = await _factory.SignInAsync("ana");

        await Campaigns.SubmittedAsync(ana);
        await Campaigns.SubmittedAsync(ana);

        var deliveries = await WaitForDeliveriesAsync(admin, subscription, d => d.Length >= 2);
        deliveries.Should().OnlyContain(d => !d.GetProperty("succeeded").GetBoolean() && d.GetProperty("attempts").GetInt32() == 3 && d.GetProperty("statusCode").GetInt32() == 500);
        // The second failure is logged a moment before the dispatcher records it on the subscription.
        var disabled = await WaitForSubscriptionAsync(admin, id, s => !s.GetProperty("enabled").GetBoolean());
        disabled.GetProperty("disabledReason").GetString().Should().Contain("2 deliveries in a row failed");
        disabled.TryGetProperty("secret", out var secret).Should().BeTrue();
        secret.ValueKind.Should().Be(JsonValueKind.Null, "the secret is shown only when the subscription is made");

        _receiver.FailNext(0);
        (await admin.PostAsync($"/api/webhooks/{id}/enable", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var again = await admin.PostAsync($"/api/webhooks/{id}/deliveries/{deliveries[0].GetProperty("id").GetGuid()}/redeliver", null);

        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var redelivered = await again.Content.ReadFromJsonAsync<JsonElement>();
        redelivered.GetProperty("succeeded").GetBoolean().Should().BeTrue();
        redelivered.GetProperty("eventId").GetGuid().Should().Be(deliveries[0].GetProperty("eventId").GetGuid());
        (await admin.GetFromJsonAsync<JsonElement>($"/api/webhooks/{id}")).GetProperty("consecutiveFailures").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Managing_webhooks_needs_process_admin_and_a_valid_url()
    {
        var ana = await _factory.SignInAsync("ana");
        var admin = await _factory.SignInAsync("admin");

        using var forbidden = await ana.PostAsJsonAsync("/api/webhooks", new { url = _receiver.Url });
        using var invalid = await admin.PostAsJsonAsync("/api/webhooks", new { url = "ftp://example.com/x", secret = "not-a-secret" });
        using var missing = await admin.GetAsync($"/api/webhooks/{Guid.NewGuid()}");

        await Campaigns.ProblemAsync(forbidden, HttpStatusCode.Forbidden, "forbidden");
        var problem = await Campaigns.ProblemAsync(invalid, HttpStatusCode.UnprocessableEntity, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["url", "secret"]);
        await Campaigns.ProblemAsync(missing, HttpStatusCode.NotFound, "not-found");
    }

    internal static async Task<JsonElement> SubscribeAsync(HttpClient admin, object request)
    {
        using var response = await admin.PostAsJsonAsync("/api/webhooks", request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var subscription = await response.Content.ReadFromJsonAsync<JsonElement>();
        subscription.GetProperty("secret").GetString().Should().StartWith("whsec_");
        return subscription;
    }

    internal static async Task<JsonElement[]> WaitForDeliveriesAsync(HttpClient admin, JsonElement subscription, Func<JsonElement[], bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = (await admin.GetFromJsonAsync<JsonElement>($"/api/webhooks/{subscription.GetProperty("id").GetGuid()}/deliveries")).EnumerateArray().ToArray();
            if (done(deliveries))
            {
                return deliveries;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the deliveries should have been logged by now");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads a subscription until <paramref name="done"/> holds (at most 30 s): the dispatcher records an outcome on it just after logging the delivery.</summary>
    internal static async Task<JsonElement> WaitForSubscriptionAsync(HttpClient admin, Guid id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var subscription = await admin.GetFromJsonAsync<JsonElement>($"/api/webhooks/{id}");
            if (done(subscription))
            {
                return subscription;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the subscription should show the delivery's outcome by now");
            await Task.Delay(50);
        }
    }

    /// <summary>A webhook receiver on a loopback port: records each request, and fails as many as it is told to.</summary>
    internal sealed class Receiver : IAsyncDisposable
    {
        private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
        private WebApplication? _app;
        private int _failures;

        public string Url { get; private set; } = string.Empty;

        public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

        public void FailNext(int count) => Volatile.Write(ref _failures, count);

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                var body = await reader.ReadToEndAsync();
                _requests.Enqueue(new ReceivedRequest(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
                var left = Volatile.Read(ref _failures);
                if (left > 0)
                {
                    Interlocked.CompareExchange(ref _failures, left == int.MaxValue ? left : left - 1, left);
                    return Results.StatusCode(500);
                }

                return Results.NoContent();
            });
            await _app.StartAsync();
            Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        }

        public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                if (_requests.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                DateTime.UtcNow.Should().BeBefore(deadline, "the receiver should have had the event by now");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }

    /// <summary>What the receiver got.</summary>
    internal sealed record ReceivedRequest(Dictionary<string, string> Headers, string Body)
    {
        /// <summary>Checks the signature as a Standard Webhooks receiver would.</summary>
        public bool SignatureValid(string secret)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var signed = $"{Headers["webhook-id"]}.{Headers["webhook-timestamp"]}.{Body}";
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
            return Headers["webhook-signature"].Split(' ').Contains(expected);
        }
    }
}
