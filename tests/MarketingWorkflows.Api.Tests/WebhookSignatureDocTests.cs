using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarketingWorkflows.Api.Webhooks;

namespace MarketingWorkflows.Api.Tests;

/// <summary>
/// The receiver's signature check that docs/webhooks.md shows, compiled and run here against the
/// sender's own signatures; a test fails when the document's copy drifts from this one.
/// </summary>
public sealed class WebhookSignatureDocTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void A_signature_the_sender_made_verifies()
    {
        var body = """{"type":"marketingworkflows.campaign-approval.approved","data":{"name":"Spring – launch"}}""";
        var now = DateTimeOffset.UtcNow;
        var timestamp = now.ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign(Secret, "evt-1", timestamp, body);

        Verify(signature, body, timestamp, now).Should().BeTrue();
        Verify("v1,bm9wZQ== " + signature, body, timestamp, now).Should().BeTrue("any one of the listed signatures may match, as during a secret's rotation");
        Verify(signature, body.Replace("approved", "rejected", StringComparison.Ordinal), timestamp, now).Should().BeFalse("the body was changed");
        Verify(signature, body, timestamp, now.AddMinutes(6)).Should().BeFalse("the message is too old");
        WebhookVerifier.Verify(WebhookSigner.NewSecret(), "evt-1", timestamp.ToString(CultureInfo.InvariantCulture), signature, Encoding.UTF8.GetBytes(body), now, TimeSpan.FromMinutes(5)).Should().BeFalse("another secret");
    }

    [Fact]
    public void The_document_shows_this_verifier()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "CHANGELOG.md")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root was not found above the test's folder.");
        }

        var source = File.ReadAllText(Path.Combine(root.FullName, "tests", "MarketingWorkflows.Api.Tests", "WebhookSignatureDocTests.cs"));
        var start = source.IndexOf("public static class WebhookVerifier", StringComparison.Ordinal);
        var verifier = source[start..].TrimEnd();
        var document = File.ReadAllText(Path.Combine(root.FullName, "docs", "webhooks.md")).ReplaceLineEndings("\n");

        document.Should().Contain(verifier.ReplaceLineEndings("\n"), "docs/webhooks.md shows the verifier tested here");
    }

    private static bool Verify(string signature, string body, long timestamp, DateTimeOffset now)
        => WebhookVerifier.Verify(Secret, "evt-1", timestamp.ToString(CultureInfo.InvariantCulture), signature, Encoding.UTF8.GetBytes(body), now, TimeSpan.FromMinutes(5));
}

/// <summary>Checks a webhook the Standard Webhooks way.</summary>
public static class WebhookVerifier
{
    /// <summary>Gets whether a request is signed with the secret and recent enough.</summary>
    /// <param name="secret">The subscription's secret, <c>whsec_...</c>.</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signatures">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The request body, byte for byte as received.</param>
    /// <param name="now">The time now.</param>
    /// <param name="tolerance">How old (or how far ahead) a message may be.</param>
    /// <returns>Whether to trust the request.</returns>
    public static bool Verify(string secret, string id, string timestamp, string signatures, byte[] body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        // Signed: UTF-8 of "{id}.{timestamp}." followed by the body's bytes.
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        var expected = HMACSHA256.HashData(key, signed);
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var given = new byte[32];
            if (signature.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(signature[3..], given, out var length) && length == 32
                && CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return true;
            }
        }

        return false;
    }
}
