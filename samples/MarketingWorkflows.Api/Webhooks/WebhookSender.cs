using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Makes one signed request of a delivery (the <see cref="WebhookDispatcher"/> decides when to
/// try again), and sends a logged delivery again on request.
/// </summary>
internal sealed partial class WebhookSender(WebhookStore store, IHttpClientFactory clients, TimeProvider time, IOptions<WebhookOptions> options, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    /// <summary>Sends a logged delivery's payload again (same <c>webhook-id</c>, new timestamp and signature), once, and logs the result.</summary>
    public async Task<WebhookDelivery> RedeliverAsync(WebhookSubscription subscription, WebhookDelivery earlier, CancellationToken cancellationToken)
    {
        var (status, error) = await AttemptAsync(subscription, earlier.EventId, earlier.EventType, earlier.Payload, cancellationToken);
        var delivery = new WebhookDelivery(Guid.CreateVersion7(time.GetUtcNow()), subscription.Id, earlier.EventId, earlier.EventType, earlier.Payload, 1, status, error is null, error, time.GetUtcNow());
        await store.AddDeliveryAsync(delivery, cancellationToken);
        await store.RecordOutcomeAsync(subscription.Id, delivery.Succeeded, options.Value.DisableAfterFailures, delivery.Error, cancellationToken);
        return delivery;
    }

    /// <summary>
    /// Makes one request, bounded by <see cref="WebhookOptions.Timeout"/>: gets the status (when an
    /// answer came) and what went wrong (<see langword="null"/> when the receiver took it with a 2xx).
    /// Never throws for the receiver or the subscription; only for the host stopping.
    /// </summary>
    public async Task<(int? Status, string? Error)> AttemptAsync(WebhookSubscription subscription, Guid eventId, string eventType, string payload, CancellationToken cancellationToken)
    {
        if (WebhookSigner.KeyOf(subscription.Secret) is null)
        {
            // Stored before secrets were checked, or changed in the database: nothing can be signed.
            return Failed(subscription, eventType, null, "the subscription's secret is not whsec_ and the base64 of 24 to 64 bytes, so nothing can be signed; delete the subscription and subscribe again");
        }

        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url))
        {
            return Failed(subscription, eventType, null, $"the subscription's URL '{subscription.Url}' is not an absolute URL");
        }

        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var messageId = eventId.ToString("D", CultureInfo.InvariantCulture);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            request.Headers.Add("webhook-id", messageId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Sign(subscription.Secret, messageId, timestamp, payload));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : Failed(subscription, eventType, status, $"the receiver answered {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(subscription, eventType, null, $"no answer within {options.Value.Timeout}");
        }
        catch (HttpRequestException ex)
        {
            // The handler may wrap the reason (a refused address, a DNS failure) in its own message.
            return Failed(subscription, eventType, null, ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
    }

    private (int?, string?) Failed(WebhookSubscription subscription, string eventType, int? status, string error)
    {
        LogFailed(subscription.Id, eventType, error);
        return (status, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {SubscriptionId} did not take {EventType}: {Error}")]
    private partial void LogFailed(Guid subscriptionId, string eventType, string error);
}
