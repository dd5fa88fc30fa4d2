using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Signs requests the Standard Webhooks way: <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix
/// seconds) and <c>webhook-signature: v1,</c> followed by the base64 HMAC-SHA256, keyed by the
/// secret's bytes, of <c>id.timestamp.body</c>.
/// </summary>
internal static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Gets the key bytes of a secret, or null when it is not <c>whsec_</c> and base64 of 24 to 64 bytes.</summary>
    public static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var buffer = new byte[64];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], buffer, out var length) && length >= 24 ? buffer[..length] : null;
    }

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("The secret is not a whsec_ secret.", nameof(secret));
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
