using System;
using System.Buffers.Binary;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// Time-ordered identifiers (RFC 9562 version 7) for instances, events and timers. The random
/// part comes from <see cref="Random.Shared"/>: these ids must be unique, not unguessable, and the
/// operating system's secure generator costs a system call per id on some platforms.
/// </summary>
internal static class Ids
{
    /// <summary>Creates a version 7 id whose timestamp is <paramref name="at"/>.</summary>
    public static Guid NewVersion7(DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        var milliseconds = (ulong)at.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)(milliseconds >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(bytes[2..], (uint)milliseconds);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
