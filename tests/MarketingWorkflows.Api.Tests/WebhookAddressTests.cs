using MarketingWorkflows.Api.Webhooks;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// Every special address range, one row each, through both checks: the one at subscription
/// time (the URL's host as a literal, and a name that resolves to it) and the one at connection
/// time (a name that resolves to it when the sender connects).
/// </summary>
public sealed class WebhookAddressTests
{
    /// <summary>One address per refused range, with a word of the reason the refusal gives.</summary>
    public static TheoryData<string, string> Special => new()
    {
        { "127.0.0.1", "loopback" },
        { "127.255.0.9", "loopback" },
        { "10.1.2.3", "private" },
        { "172.16.5.4", "private" },
        { "172.31.255.255", "private" },
        { "192.168.0.10", "private" },
        { "169.254.169.254", "link-local" },
        { "100.64.0.1", "shared" },
        { "100.127.255.254", "shared" },
        { "0.0.0.0", "unspecified" },
        { "0.1.2.3", "this network" },
        { "192.0.0.8", "IETF" },
        { "192.0.2.10", "documentation" },
        { "198.51.100.7", "documentation" },
        { "203.0.113.9", "documentation" },
        { "198.18.0.1", "benchmarking" },
        { "198.19.255.255", "benchmarking" },
        { "192.88.99.1", "6to4 relay" },
        { "224.0.0.1", "multicast" },
        { "239.255.255.250", "multicast" },
        { "240.0.0.1", "reserved" },
        { "255.255.255.255", "broadcast" },
        { "::1", "loopback" },
        { "::", "unspecified" },
        { "::127.0.0.1", "IPv4-compatible" },
        { "::8.8.8.8", "IPv4-compatible" },
        { "::ffff:127.0.0.1", "IPv4-mapped" },
        { "::ffff:169.254.169.254", "IPv4-mapped" },
        { "::ffff:8.8.8.8", "IPv4-mapped" },
        { "64:ff9b::a9fe:a9fe", "NAT64" },
        { "64:ff9b::808:808", "NAT64" },
        { "64:ff9b:1::1", "NAT64" },
        { "100::1", "discard" },
        { "2002:7f00:1::", "6to4" },
        { "2002:808:808::1", "6to4" },
        { "2001::1", "Teredo" },
        { "2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo" },
        { "2001:2::1", "benchmarking" },
        { "2001:db8::1", "documentation" },
        { "3fff::1", "documentation" },
        { "fc00::1", "unique local" },
        { "fd12:3456:789a::1", "unique local" },
        { "fe80::1", "link-local" },
        { "febf::1", "link-local" },
        { "fec0::1", "site-local" },
        { "ff02::1", "multicast" },
        { "ff0e::1", "multicast" },
    };

    /// <summary>Public addresses next to the refused ranges: each must pass, or the table above proves nothing.</summary>
    public static TheoryData<string> Public => new()
    {
        "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1", "169.253.1.1", "192.0.1.1",
        "192.0.3.1", "198.17.255.255", "198.20.0.1", "198.51.101.1", "203.0.114.1", "223.255.255.254", "2606:4700:4700::1111",
        "2001:4860:4860::8888", "2001:3::1", "2001:db9::1", "2003::1", "64:ff9b:2::1", "fbff::1",
    };

    [Theory]
    [MemberData(nameof(Special))]
    public async Task A_subscription_to_a_special_address_is_refused_whether_written_or_resolved(string address, string kind)
    {
        var network = new WebhookNetwork(new WebhookTestResolver().Map("receiver.example", address), new WebhookOptions());
        var literal = IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;

        var written = await network.RefusalAsync(new Uri($"https://{literal}/hook"), default);
        var resolved = await network.RefusalAsync(new Uri("https://receiver.example/hook"), default);

        written.Should().NotBeNull().And.Contain(kind).And.Contain("Webhooks:AllowPrivateNetworks");
        resolved.Should().NotBeNull().And.Contain(kind).And.Contain("receiver.example");
    }

    [Theory]
    [MemberData(nameof(Special))]
    public async Task The_sender_does_not_connect_to_a_special_address_a_name_resolves_to(string address, string kind)
    {
        var network = new WebhookNetwork(new WebhookTestResolver().Map("receiver.example", address), new WebhookOptions());
        using var client = new HttpClient(network.Handler());

        var send = () => client.PostAsync(new Uri("http://receiver.example:9/hook"), new StringContent("{}"));

        (await send.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain(kind).And.Contain("Webhooks:AllowPrivateNetworks");
    }

    [Theory]
    [MemberData(nameof(Public))]
    public async Task A_public_address_passes_both_checks(string address)
    {
        var network = new WebhookNetwork(new WebhookTestResolver().Map("receiver.example", address), new WebhookOptions());

        WebhookAddresses.SpecialKind(IPAddress.Parse(address)).Should().BeNull();
        (await network.RefusalAsync(new Uri("https://receiver.example/hook"), default)).Should().BeNull();
        (await network.UsableAddressesAsync("receiver.example", default)).Should().Equal(IPAddress.Parse(address));
    }

    [Fact]
    public async Task A_name_with_one_special_address_is_refused_and_the_sender_would_use_only_its_public_ones()
    {
        var network = new WebhookNetwork(new WebhookTestResolver().Map("mixed.example", "8.8.8.8", "192.0.2.1", "::ffff:127.0.0.1"), new WebhookOptions());

        (await network.RefusalAsync(new Uri("https://mixed.example/hook"), default)).Should().Contain("192.0.2.1").And.Contain("documentation");
        (await network.UsableAddressesAsync("mixed.example", default)).Should().Equal(IPAddress.Parse("8.8.8.8"));
    }

    [Fact]
    public async Task The_connection_goes_through_the_resolver_so_a_name_reaches_an_allowed_private_receiver()
    {
        await using var receiver = new WebhooksApiTests.Receiver();
        await receiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        var network = new WebhookNetwork(new WebhookTestResolver().Map("receiver.example", "127.0.0.1"), new WebhookOptions { AllowPrivateNetworks = true });
        using var client = new HttpClient(network.Handler());

        using var response = await client.PostAsync(new Uri($"http://receiver.example:{port}/hook"), new StringContent("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        receiver.Requests.Should().ContainSingle();
    }
}
