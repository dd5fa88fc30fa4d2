using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// An append-only log of records packed as bytes into chunks (byte arrays). The in-memory store
/// keeps history entries and events here rather than as objects: a byte array holds no
/// references, so however much the store has kept, garbage collections do not trace through
/// it. Chunks stay under the large-object threshold (85,000 bytes): large-object allocations
/// count towards full collections, and a store filling 256 KiB chunks set one off every few
/// thousand commands. A record is addressed by its position. One writer at a time appends
/// (the caller's lock); readers need no lock for a position they were given after its record
/// was written, since written bytes never change.
/// </summary>
internal sealed class PackedLog
{
    // Chunks double from 4 KiB to 64 KiB, so a store that keeps little holds little.
    private const int FirstChunkSize = 4 * 1024;
    private const int ChunkSize = 64 * 1024;

    // The length written in place of a text's length for a hash packed as 32 bytes.
    private const int HexHash = -2;
    private byte[][] _chunks = [];
    private int _used;

    /// <summary>Appends a history entry; <paramref name="previous"/> is the position of the instance's entry before it, or -1.</summary>
    public long Append(HistoryEntry entry, long previous)
    {
        var arguments = entry.Arguments is { } element ? JsonMarshal.GetRawUtf8Value(element) : default;
        var bound = 8 + 16 + 8 + 2 + 8 + 4 + 8 + 2 + 4 + arguments.Length + 8
            + Bound(entry.Trigger) + Bound(entry.Decision) + Bound(entry.Actor) + Bound(entry.OnBehalfOf)
            + Bound(entry.FromState) + Bound(entry.ToState) + Bound(entry.Comment) + Bound(entry.PreviousHash) + Bound(entry.Hash)
            + Bound(entry.DataDigest) + Bound(entry.KeyId);
        var writer = Reserve(bound, out var position);
        writer.Int64(previous);
        writer.Guid(entry.InstanceId);
        writer.Int64(entry.Sequence);
        writer.Byte((byte)entry.Kind);
        writer.Byte((byte)((entry.SelfApproval ? 1 : 0) | (entry.Arguments is null ? 0 : 2) | (entry.InstanceVersion is null ? 0 : 4)));
        writer.Int64(entry.DataRevision);
        writer.Int32(entry.DefinitionVersion);
        writer.Time(entry.At);
        writer.Bytes(arguments);
        writer.Text(entry.Trigger);
        writer.Text(entry.Decision);
        writer.Text(entry.Actor);
        writer.Text(entry.OnBehalfOf);
        writer.Text(entry.FromState);
        writer.Text(entry.ToState);
        writer.Text(entry.Comment);
        writer.Hash(entry.PreviousHash);
        writer.Hash(entry.Hash);
        writer.Int64(entry.InstanceVersion ?? 0);
        writer.OptionalHash(entry.DataDigest);
        writer.Text(entry.KeyId);
        _used += writer.Offset;
        return position;
    }

    /// <summary>Appends an event.</summary>
    public long Append(ProcessEvent processEvent)
    {
        var data = processEvent.DataUtf8.Span;
        var bound = 16 + 16 + 8 + 10 + 4 + data.Length + Bound(processEvent.Type) + Bound(processEvent.ProcessId);
        var writer = Reserve(bound, out var position);
        writer.Guid(processEvent.Id);
        writer.Guid(processEvent.InstanceId);
        writer.Int64(processEvent.InstanceVersion);
        writer.Time(processEvent.Time);
        writer.Bytes(data);
        writer.Text(processEvent.Type);
        writer.Text(processEvent.ProcessId);
        _used += writer.Offset;
        return position;
    }

    /// <summary>Reads the history entry at a position, with the position of the instance's entry before it.</summary>
    public HistoryEntry ReadHistory(long position, out long previous)
    {
        var reader = At(position);
        previous = reader.Int64();
        var instanceId = reader.Guid();
        var sequence = reader.Int64();
        var kind = (HistoryKind)reader.Byte();
        var flags = reader.Byte();
        var dataRevision = reader.Int64();
        var definitionVersion = reader.Int32();
        var at = reader.Time();
        var arguments = reader.Bytes();
        var trigger = reader.Text();
        var decision = reader.Text();
        var actor = reader.Text()!;
        var onBehalfOf = reader.Text();
        var fromState = reader.Text()!;
        var toState = reader.Text()!;
        var comment = reader.Text();
        var previousHash = reader.Text()!;
        var hash = reader.Text()!;
        var instanceVersion = reader.Int64();
        var entry = new HistoryEntry
        {
            InstanceId = instanceId,
            Sequence = sequence,
            Kind = kind,
            SelfApproval = (flags & 1) != 0,
            DataRevision = dataRevision,
            DefinitionVersion = definitionVersion,
            At = at,
            Arguments = (flags & 2) == 0 ? null : Element(arguments),
            Trigger = trigger,
            Decision = decision,
            Actor = actor,
            OnBehalfOf = onBehalfOf,
            FromState = fromState,
            ToState = toState,
            Comment = comment,
            PreviousHash = previousHash,
            Hash = hash,
            InstanceVersion = (flags & 4) == 0 ? null : instanceVersion,
            DataDigest = reader.Text(),
            KeyId = reader.Text(),
        };

        return entry;
    }

    /// <summary>Reads only the instance version of the event at a position, without building the event.</summary>
    public long ReadEventVersion(long position)
    {
        var reader = At(position);
        reader.Guid();
        reader.Guid();
        return reader.Int64();
    }

    /// <summary>Reads the event at a position.</summary>
    public ProcessEvent ReadEvent(long position)
    {
        var reader = At(position);
        var id = reader.Guid();
        var instanceId = reader.Guid();
        var version = reader.Int64();
        var time = reader.Time();
        var data = reader.Bytes().ToArray();
        var type = reader.Text()!;
        var processId = reader.Text()!;
        return new ProcessEvent(id, type, processId, instanceId, version, time, data);
    }

    private static int Bound(string? text) => 4 + (text is null ? 0 : Encoding.UTF8.GetMaxByteCount(text.Length));

    private static JsonElement Element(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        return JsonElement.ParseValue(ref reader);
    }

    private Writer Reserve(int bound, out long position)
    {
        var chunks = _chunks;
        if (chunks.Length == 0 || chunks[^1].Length - _used < bound)
        {
            // A new array of chunks, published whole, so that readers never see one half-grown.
            var grown = new byte[chunks.Length + 1][];
            chunks.CopyTo(grown, 0);
            grown[^1] = new byte[Math.Max(chunks.Length == 0 ? FirstChunkSize : Math.Min(ChunkSize, chunks[^1].Length * 2), bound)];
            Volatile.Write(ref _chunks, grown);
            chunks = grown;
            _used = 0;
        }

        position = ((long)(chunks.Length - 1) << 32) | (uint)_used;
        return new Writer(chunks[^1].AsSpan(_used, bound));
    }

    private Reader At(long position) => new(Volatile.Read(ref _chunks)[(int)(position >> 32)].AsSpan((int)(uint)position));

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Offset { get; private set; }

        public void Byte(byte value) => _buffer[Offset++] = value;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[Offset..], value);
            Offset += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[Offset..], value);
            Offset += 8;
        }

        public void Guid(Guid value)
        {
            value.TryWriteBytes(_buffer[Offset..]);
            Offset += 16;
        }

        public void Time(DateTimeOffset value)
        {
            Int64(value.Ticks);
            BinaryPrimitives.WriteInt16LittleEndian(_buffer[Offset..], (short)value.TotalOffsetMinutes);
            Offset += 2;
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            Int32(value.Length);
            value.CopyTo(_buffer[Offset..]);
            Offset += value.Length;
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }

            // Most text is ASCII, which converts without the general encoder's overhead.
            var target = _buffer[(Offset + 4)..];
            var length = Ascii.FromUtf16(value, target, out var written) == OperationStatus.Done ? written : Encoding.UTF8.GetBytes(value, target);
            Int32(length);
            Offset += length;
        }

        /// <summary>Writes a hash: 32 bytes when it is 64 lower-case hex digits, as the engine writes it, else as text.</summary>
        public void Hash(string value)
        {
            if (value.Length == 64 && !value.AsSpan().ContainsAnyInRange('A', 'F')
                && Convert.FromHexString(value, _buffer.Slice(Offset + 4, 32), out _, out var written) == OperationStatus.Done && written == 32)
            {
                Int32(HexHash);
                Offset += 32;
                return;
            }

            Text(value);
        }

        /// <summary>Writes a hash as <see cref="Hash"/> does, or a missing one.</summary>
        public void OptionalHash(string? value)
        {
            if (value is null)
            {
                Text(null);
            }
            else
            {
                Hash(value);
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _offset;

        public byte Byte() => _buffer[_offset++];

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_buffer[_offset..]);
            _offset += 4;
            return value;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_buffer[_offset..]);
            _offset += 8;
            return value;
        }

        public Guid Guid()
        {
            var value = new Guid(_buffer.Slice(_offset, 16));
            _offset += 16;
            return value;
        }

        public DateTimeOffset Time()
        {
            var ticks = Int64();
            var minutes = BinaryPrimitives.ReadInt16LittleEndian(_buffer[_offset..]);
            _offset += 2;
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Int32();
            var value = _buffer.Slice(_offset, length);
            _offset += length;
            return value;
        }

        public string? Text()
        {
            var length = Int32();
            if (length == HexHash)
            {
                var hash = Convert.ToHexStringLower(_buffer.Slice(_offset, 32));
                _offset += 32;
                return hash;
            }

            if (length < 0)
            {
                return null;
            }

            var value = Encoding.UTF8.GetString(_buffer.Slice(_offset, length));
            _offset += length;
            return value;
        }
    }
}
