using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>Where and what to send: a URL, the event types and processes it wants, and the secret it is signed with.</summary>
/// <param name="Id">The subscription's id.</param>
/// <param name="Url">The receiver, http or https.</param>
/// <param name="EventTypes">The event types sent (exact, or ending in <c>*</c> as a prefix); empty for all.</param>
/// <param name="Processes">The processes whose events are sent; empty for all.</param>
/// <param name="Secret">The signing secret, <c>whsec_</c> and base64.</param>
/// <param name="Enabled">Whether events are sent.</param>
/// <param name="ConsecutiveFailures">How many events in a row could not be delivered.</param>
/// <param name="DisabledReason">Why it was disabled, or <see langword="null"/>.</param>
/// <param name="CreatedBy">Who subscribed.</param>
/// <param name="CreatedAt">When.</param>
internal sealed record WebhookSubscription(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> Processes,
    string Secret,
    bool Enabled,
    int ConsecutiveFailures,
    string? DisabledReason,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>Gets whether the subscription wants an event.</summary>
    public bool Wants(ProcessEvent processEvent)
        => Enabled
            && (Processes.Count == 0 || Processes.Contains(processEvent.ProcessId, StringComparer.Ordinal))
            && (EventTypes.Count == 0 || EventTypes.Any(t => Matches(t, processEvent.Type)));

    // A null or empty pattern (stored before patterns were checked) matches nothing, rather than
    // throwing for every event.
    private static bool Matches(string? pattern, string type)
        => !string.IsNullOrEmpty(pattern) && (pattern.EndsWith('*')
            ? type.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, type, StringComparison.Ordinal));
}

/// <summary>One delivery of one event to one subscription, as it ended (taken, or dead-lettered after its last attempt), with every attempt's outcome summed up.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="EventId">The event (the <c>webhook-id</c> header).</param>
/// <param name="EventType">The event type.</param>
/// <param name="Payload">The body sent.</param>
/// <param name="Attempts">How many requests were made.</param>
/// <param name="StatusCode">The last response's status, or <see langword="null"/> when none came.</param>
/// <param name="Succeeded">Whether the receiver accepted it (2xx).</param>
/// <param name="Error">What went wrong the last time, or <see langword="null"/>.</param>
/// <param name="At">When the delivery finished.</param>
internal sealed record WebhookDelivery(Guid Id, Guid SubscriptionId, Guid EventId, string EventType, string Payload, int Attempts, int? StatusCode, bool Succeeded, string? Error, DateTimeOffset At);

/// <summary>Subscribes to events.</summary>
/// <param name="Url">The receiver, an absolute https URL (http too when private networks are allowed).</param>
/// <param name="EventTypes">Event types (exact, or a prefix ending in <c>*</c>); empty or left out for all.</param>
/// <param name="Processes">Process ids; empty or left out for all.</param>
/// <param name="Secret">A signing secret (<c>whsec_</c> and base64 of 24 to 64 bytes); one is made when left out.</param>
/// <remarks>Everything is nullable so that a missing or null field is answered 422 by name, not 400 by the binder.</remarks>
internal sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string?>? EventTypes = null, IReadOnlyList<string?>? Processes = null, string? Secret = null);

/// <summary>Settings of webhook delivery (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Webhooks";

    /// <summary>Gets or sets how many requests one delivery makes before it is dead-lettered (logged as failed and dropped from the subscription's queue). Default: 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; it doubles for each further one. Default: 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long one request may take. Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets after how many dead-lettered deliveries in a row a subscription is disabled. Default: 5.</summary>
    public int DisableAfterFailures { get; set; } = 5;

    /// <summary>
    /// Gets or sets whether webhooks may go to loopback, private, link-local or shared addresses.
    /// Default: <see langword="false"/>, so a webhook cannot be pointed at the host's own network;
    /// set it for receivers on an internal network (or on this machine, in development). Plain
    /// http URLs are accepted only when this is set: anywhere else a receiver must use https.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
