using System.Collections.Concurrent;
using MarketingWorkflows.Api.Webhooks;

namespace MarketingWorkflows.Api.Tests;

/// <summary>A resolver whose names resolve where the test says; any other host goes to the real resolver (IP literals included).</summary>
internal sealed class WebhookTestResolver : WebhookResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public WebhookTestResolver Map(string name, params string[] addresses)
    {
        _names[name] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public override Task<IPAddress[]> ResolveAsync(string host, System.Threading.CancellationToken cancellationToken)
        => _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : base.ResolveAsync(host, cancellationToken);
}
