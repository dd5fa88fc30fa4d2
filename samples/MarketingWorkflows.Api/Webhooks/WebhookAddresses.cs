using System.Net;
using System.Net.Sockets;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// The addresses a webhook may not reach by default: every IPv4 and IPv6 range that is not
/// globally routable (loopback, private, link-local, shared, documentation, benchmarking,
/// reserved, multicast), and every IPv6 form that carries an IPv4 address inside it
/// (IPv4-mapped and -compatible, NAT64, 6to4, Teredo), so that no spelling of an inner address
/// gets past the check.
/// </summary>
internal static class WebhookAddresses
{
    /// <summary>Gets what kind of special address this is, or <see langword="null"/> for a public one.</summary>
    public static string? SpecialKind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => V4Kind(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => V6Kind(address.GetAddressBytes()),
            _ => "not an IP address",
        };
    }

    /// <summary>Gets whether an address is one a webhook may not reach by default.</summary>
    public static bool IsSpecial(IPAddress address) => SpecialKind(address) is not null;

    private static string? V4Kind(byte[] b) => b switch
    {
        [0, ..] => "unspecified or 'this network' (0.0.0.0/8)",
        [10, ..] => "private (10.0.0.0/8)",
        [100, >= 64 and <= 127, ..] => "shared address space (100.64.0.0/10)",
        [127, ..] => "loopback (127.0.0.0/8)",
        [169, 254, ..] => "link-local (169.254.0.0/16)",
        [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
        [192, 0, 0, ..] => "IETF protocol assignments (192.0.0.0/24)",
        [192, 0, 2, ..] => "documentation (192.0.2.0/24)",
        [192, 88, 99, ..] => "6to4 relay anycast (192.88.99.0/24)",
        [192, 168, ..] => "private (192.168.0.0/16)",
        [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
        [198, 51, 100, ..] => "documentation (198.51.100.0/24)",
        [203, 0, 113, ..] => "documentation (203.0.113.0/24)",
        [255, 255, 255, 255] => "broadcast (255.255.255.255)",
        [>= 224 and <= 239, ..] => "multicast (224.0.0.0/4)",
        [>= 240, ..] => "reserved (240.0.0.0/4)",
        _ => null,
    };

    private static string? V6Kind(byte[] b)
    {
        // ::/96 holds :: (unspecified), ::1 (loopback) and the IPv4-compatible addresses;
        // ::ffff:0:0/96 the IPv4-mapped ones. Both are refused outright, whatever IPv4 they carry:
        // a receiver is never named that way, and the kernel may route them to the inner address.
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return b.AsSpan(12).IndexOfAnyExcept((byte)0) < 0 ? "unspecified (::)"
                : b.AsSpan(12, 3).IndexOfAnyExcept((byte)0) < 0 && b[15] == 1 ? "loopback (::1)"
                : $"IPv4-compatible (::/96, carrying {Inner(b, 12)})";
        }

        if (b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            return $"IPv4-mapped (::ffff:0:0/96, carrying {Inner(b, 12)})";
        }

        return b switch
        {
            [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..] => $"NAT64 (64:ff9b::/96, carrying {Inner(b, 12)})",
            [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..] => "local-use NAT64 (64:ff9b:1::/48)",
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => "discard-only (100::/64)",
            [0x20, 0x01, 0x00, 0x00, ..] => "Teredo (2001::/32)",
            [0x20, 0x01, 0x00, 0x02, 0x00, 0x00, ..] => "benchmarking (2001:2::/48)",
            [0x20, 0x01, 0x0d, 0xb8, ..] => "documentation (2001:db8::/32)",
            [0x20, 0x02, ..] => $"6to4 (2002::/16, carrying {Inner(b, 2)})",
            [0x3f, 0xff, >= 0x00 and <= 0x0f, ..] => "documentation (3fff::/20)",
            [>= 0xfc and <= 0xfd, ..] => "unique local (fc00::/7)",
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local (fe80::/10)",
            [0xfe, >= 0xc0, ..] => "site-local (fec0::/10)",
            [0xff, ..] => "multicast (ff00::/8)",
            _ => null,
        };
    }

    private static IPAddress Inner(byte[] b, int at) => new(b.AsSpan(at, 4));
}
