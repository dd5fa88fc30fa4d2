using System.Net;
using System.Net.Sockets;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Keeps webhooks off the host's own network (server-side request forgery): unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/> is set, a subscription to a loopback,
/// private, link-local or shared address is refused, and the sender connects only to public
/// addresses, checked after the name is resolved, at every connection.
/// </summary>
internal static class WebhookNetwork
{
    /// <summary>Gets whether an address is one a webhook may not reach by default.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Link-local fe80::/10, site-local fec0::/10 and unique local fc00::/7.
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    /// <summary>Gets why a subscription's URL is refused, or <see langword="null"/> when it may be used.</summary>
    public static async Task<string?> RefusalAsync(Uri url, WebhookOptions options, CancellationToken cancellationToken)
    {
        if (options.AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            // A name that does not resolve now may later; the connection is checked again then.
            return null;
        }

        return addresses.Length > 0 && addresses.All(IsPrivate)
            ? $"'{url.Host}' is a loopback, private or link-local address; webhooks go only to public addresses unless {WebhookOptions.Section}:{nameof(WebhookOptions.AllowPrivateNetworks)} is true"
            : null;
    }

    /// <summary>The sender's connection: resolve, keep the public addresses (or all, when allowed), connect.</summary>
    public static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var usable = options.AllowPrivateNetworks ? addresses : [.. addresses.Where(a => !IsPrivate(a))];
            if (usable.Length == 0)
            {
                throw new HttpRequestException($"Webhook receiver {host} resolves only to loopback, private or link-local addresses; set {WebhookOptions.Section}:{nameof(WebhookOptions.AllowPrivateNetworks)} to true to allow them.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
