using System.Net;
using System.Net.Sockets;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Keeps webhooks off the host's own network (server-side request forgery): unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/> is set, a subscription whose host is, or
/// resolves to, a special address (<see cref="WebhookAddresses"/>) is refused, and the sender
/// connects only to public addresses, checked after the name is resolved, at every connection
/// (a name that resolved to a public address when subscribing may resolve elsewhere later).
/// </summary>
internal sealed class WebhookNetwork(WebhookResolver resolver, WebhookOptions options)
{
    private static readonly string Allow = $"{WebhookOptions.Section}:{nameof(WebhookOptions.AllowPrivateNetworks)}";

    /// <summary>Gets why a subscription's URL is refused, or <see langword="null"/> when it may be used.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (options.AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            // A name that does not resolve now may later; the connection is checked again then.
            return null;
        }

        // Any special address refuses the name: which of its addresses a connection would use is
        // not up to the subscriber, and the connection check would drop it anyway.
        return addresses.Select(a => (Address: a, Kind: WebhookAddresses.SpecialKind(a))).FirstOrDefault(x => x.Kind is not null) is { Kind: { } kind } found
            ? $"'{url.Host}' is{(IPAddress.TryParse(url.IdnHost, out _) ? string.Empty : $" or resolves to {found.Address}, which is")} a {kind} address; webhooks go only to public addresses unless {Allow} is true"
            : null;
    }

    /// <summary>Gets the addresses a connection to a host may use: the public ones (or all, when allowed); throws when there are none.</summary>
    public async Task<IPAddress[]> UsableAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await resolver.ResolveAsync(host, cancellationToken);
        var usable = options.AllowPrivateNetworks ? addresses : [.. addresses.Where(a => !WebhookAddresses.IsSpecial(a))];
        if (usable.Length == 0)
        {
            var kinds = string.Join(", ", addresses.Select(a => $"{a}: {WebhookAddresses.SpecialKind(a)}"));
            throw new HttpRequestException($"Webhook receiver {host} resolves only to addresses webhooks may not reach ({kinds}); set {Allow} to true to allow them.");
        }

        return usable;
    }

    /// <summary>The sender's connection: resolve, keep the usable addresses, connect to one of them.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        // A redirect would be a request to a URL nobody checked at subscription time.
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var usable = await UsableAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
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
