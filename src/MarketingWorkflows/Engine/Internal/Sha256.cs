using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// SHA-256 of a short input, for the history chain. On Linux, .NET reaches OpenSSL through its
/// EVP interface and clears OpenSSL's error queue around each call, which costs about 300 ns per
/// hash whatever the input's length — more than hashing a history entry itself. Where OpenSSL's
/// libcrypto exports the plain <c>SHA256_Init</c>/<c>Update</c>/<c>Final</c> functions, this
/// class calls them directly (about 180 ns for a 300-byte entry on the benchmark machine); it
/// checks them against .NET's <see cref="SHA256"/> on known inputs first, and everywhere else
/// (Windows, macOS, a libcrypto without them) it uses <see cref="IncrementalHash"/>.
/// </summary>
internal static unsafe class Sha256
{
    /// <summary>OpenSSL's SHA256_CTX is 112 bytes; this leaves room to spare.</summary>
    private const int ContextSize = 256;

    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

    [ThreadStatic]
    private static IncrementalHash? t_fallback;

    static Sha256()
    {
        if (!OperatingSystem.IsLinux() || AppContext.TryGetSwitch("MarketingWorkflows.History.UseDotNetSha256", out var off) && off)
        {
            return;
        }

        foreach (var name in (ReadOnlySpan<string>)["libcrypto.so.3", "libcrypto.so.1.1"])
        {
            if (NativeLibrary.TryLoad(name, out var library)
                && NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
            {
                Init = (delegate* unmanaged<byte*, int>)init;
                Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
                Final = (delegate* unmanaged<byte*, byte*, int>)final;
                if (SelfTest())
                {
                    IsNative = true;
                    return;
                }

                Init = null;
                Update = null;
                Final = null;
            }
        }
    }

    /// <summary>Gets whether hashes come from libcrypto directly rather than through .NET's <see cref="IncrementalHash"/>.</summary>
    public static bool IsNative { get; }

    /// <summary>Writes the SHA-256 of <paramref name="data"/> to <paramref name="hash"/> (32 bytes).</summary>
    /// <param name="data">The input.</param>
    /// <param name="hash">Where the hash goes; at least 32 bytes.</param>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (IsNative)
        {
            HashNative(data, hash);
            return;
        }

        var sha = t_fallback ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(hash);
    }

    private static void HashNative(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (hash.Length < SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("The hash needs 32 bytes.", nameof(hash));
        }

        var context = stackalloc byte[ContextSize];
        fixed (byte* input = data)
        fixed (byte* output = hash)
        {
            if (Init(context) != 1 || Update(context, input, (nuint)data.Length) != 1 || Final(output, context) != 1)
            {
                throw new CryptographicException("libcrypto's SHA256 failed.");
            }
        }
    }

    /// <summary>Checks the direct path against .NET's SHA-256 on inputs of every padding case.</summary>
    private static bool SelfTest()
    {
        try
        {
            Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
            var input = new byte[300];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (byte)(i * 31 + 7);
            }

            foreach (var length in (ReadOnlySpan<int>)[0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300])
            {
                SHA256.HashData(input.AsSpan(0, length), expected);
                HashNative(input.AsSpan(0, length), actual);
                if (!actual.SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
