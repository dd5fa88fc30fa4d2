using System.Net;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>Resolves a receiver's host name to its addresses (the system's DNS); replaceable, so the address checks can be tested with names that resolve anywhere.</summary>
internal class WebhookResolver
{
    /// <summary>Gets the addresses of a host name, or the address itself when it is a literal.</summary>
    public virtual async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        => IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
