using System.Security.Cryptography;
using MarketingWorkflows.Engine.Internal;

namespace MarketingWorkflows.Tests.Engine;

public sealed class HistoryHashTests
{
    [Fact]
    public void History_hash_is_sha256_for_inputs_of_every_length()
    {
        var random = new Random(7);
        var input = new byte[700];
        random.NextBytes(input);
        var actual = new byte[32];
        for (var length = 0; length <= input.Length; length++)
        {
            Sha256.Hash(input.AsSpan(0, length), actual);
            actual.Should().Equal(SHA256.HashData(input.AsSpan(0, length)), "the hash of {0} bytes must be SHA-256's", length);
        }
    }

    [Fact]
    public void History_hash_is_the_same_from_many_threads_at_once()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 100 + i * 7).Select(b => (byte)(b * i)).ToArray()).ToArray();
        var expected = inputs.Select(SHA256.HashData).ToArray();

        Parallel.For(0, 20_000, i =>
        {
            var hash = new byte[32];
            Sha256.Hash(inputs[i % inputs.Length], hash);
            hash.Should().Equal(expected[i % inputs.Length]);
        });
    }

    [Fact]
    public void History_hash_uses_libcrypto_directly_where_it_offers_sha256()
    {
        // On Linux with OpenSSL's libcrypto (as in CI), the direct path must pass its self-test.
        var hasLibcrypto = OperatingSystem.IsLinux() && System.Runtime.InteropServices.NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Sha256.IsNative.Should().Be(hasLibcrypto);
    }
}
