using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Sends each event from the outbox to the subscriptions that want it, signed, retried with a
/// doubling delay (Polly), and logged per subscription. A receiver that keeps failing is
/// disabled; its failures never hold up other subscriptions or the outbox, and a logged
/// delivery can be sent again.
/// </summary>
internal sealed partial class WebhookSender : IProcessEventHandler
{
    public const string HttpClientName = "webhooks";
    private readonly WebhookStore _store;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly WebhookOptions _options;
    private readonly ILogger<WebhookSender> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(WebhookStore store, IHttpClientFactory clients, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger)
    {
        _store = store;
        _clients = clients;
        _time = time;
        _options = options.Value;
        _logger = logger;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.MaxAttempts > 1)
        {
            // One attempt means no retry at all: Polly refuses a retry strategy of zero retries.
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => !r.IsSuccessStatusCode),
            });
        }

        _pipeline = pipeline
            .AddTimeout(_options.Timeout)
            .Build();
    }

    public async Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
    {
        var subscriptions = await _store.ListCachedAsync(cancellationToken);
        string? payload = null;
        foreach (var subscription in subscriptions.Where(s => s.Wants(processEvent)))
        {
            // The outbox delivers at least once: an event already accepted by this receiver is not sent again.
            if (await _store.WasDeliveredAsync(subscription.Id, processEvent.Id, cancellationToken))
            {
                continue;
            }

            payload ??= Payload(processEvent);
            var delivery = await SendAsync(subscription, processEvent.Id, processEvent.Type, payload, cancellationToken);
            await _store.AddDeliveryAsync(delivery, cancellationToken);
            await _store.RecordOutcomeAsync(subscription.Id, delivery.Succeeded, _options.DisableAfterFailures, delivery.Error, cancellationToken);
        }
    }

    /// <summary>Sends a logged delivery's payload again (same <c>webhook-id</c>, new timestamp and signature) and logs the result.</summary>
    public async Task<WebhookDelivery> RedeliverAsync(WebhookSubscription subscription, WebhookDelivery earlier, CancellationToken cancellationToken)
    {
        var delivery = await SendAsync(subscription, earlier.EventId, earlier.EventType, earlier.Payload, cancellationToken);
        await _store.AddDeliveryAsync(delivery, cancellationToken);
        await _store.RecordOutcomeAsync(subscription.Id, delivery.Succeeded, _options.DisableAfterFailures, delivery.Error, cancellationToken);
        return delivery;
    }

    private async Task<WebhookDelivery> SendAsync(WebhookSubscription subscription, Guid eventId, string eventType, string payload, CancellationToken cancellationToken)
    {
        var attempts = 0;
        int? status = null;
        string? error = null;
        var client = _clients.CreateClient(HttpClientName);
        var messageId = eventId.ToString("D", CultureInfo.InvariantCulture);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(payload, Encoding.UTF8) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
                    request.Headers.Add("webhook-id", messageId);
                    request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                    request.Headers.Add("webhook-signature", WebhookSigner.Sign(subscription.Secret, messageId, timestamp, payload));
                    var response = await client.SendAsync(request, token);
                    status = (int)response.StatusCode;
                    error = response.IsSuccessStatusCode ? null : $"the receiver answered {status}";
                    return response;
                },
                cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            // The handler may wrap the reason (a refused address, a DNS failure) in its own message.
            error = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
        }

        var succeeded = error is null && status is >= 200 and < 300;
        if (!succeeded)
        {
            LogFailed(subscription.Id, eventType, attempts, error ?? "no answer");
        }

        return new WebhookDelivery(Guid.CreateVersion7(_time.GetUtcNow()), subscription.Id, eventId, eventType, payload, attempts, status, succeeded, error, _time.GetUtcNow());
    }

    /// <summary>The body: the event in the Standard Webhooks shape (type, timestamp, data), with the CloudEvents fields beside.</summary>
    private static string Payload(ProcessEvent e) => JsonSerializer.Serialize(new
    {
        type = e.Type,
        timestamp = e.Time,
        id = e.Id,
        source = $"/processes/{e.ProcessId}",
        subject = e.InstanceId,
        instanceVersion = e.InstanceVersion,
        data = e.Data,
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId} did not take {EventType} after {Attempts} attempt(s): {Error}")]
    private partial void LogFailed(Guid subscriptionId, string eventType, int attempts, string error);
}
