using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// Which table or index each frame of a WAL file belongs to. Reads the page number of every frame
/// from the log, then walks each b-tree of the schema (from its root page in
/// <c>sqlite_master</c>, through interior pages and overflow chains) over the file as the log
/// leaves it (a page's newest frame, else the database file), so no checkpoint is needed. A page
/// that no b-tree holds is on the free list. (The bundled SQLite has no <c>dbstat</c> table.)
/// </summary>
internal static class WalPages
{
    /// <summary>Counts the frames in the log of <paramref name="connection"/>'s file by the table or index their page belongs to, most first.</summary>
    public static IReadOnlyList<(string Owner, int Frames)> Breakdown(SqliteConnection connection)
    {
        var path = connection.DataSource;
        var roots = new List<(string Name, uint Root)> { ("sqlite_master", 1) };
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0 ORDER BY name;";
            using var reader = schema.ExecuteReader();
            while (reader.Read())
            {
                roots.Add((reader.GetString(0), (uint)reader.GetInt64(1)));
            }
        }

        var wal = File.ReadAllBytes(path + "-wal");
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(8));
        var frames = new List<uint>();
        var newest = new Dictionary<uint, int>();
        for (var offset = 32; offset + 24 + pageSize <= wal.Length; offset += 24 + pageSize)
        {
            // A frame left from before the log last restarted carries the salts of its time: it is not in the log.
            if (!wal.AsSpan(offset + 8, 8).SequenceEqual(wal.AsSpan(16, 8)))
            {
                continue;
            }

            var page = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(offset));
            frames.Add(page);
            newest[page] = offset + 24;
        }

        var file = File.ReadAllBytes(path);
        ReadOnlySpan<byte> Page(uint number) => newest.TryGetValue(number, out var at)
            ? wal.AsSpan(at, pageSize)
            : file.AsSpan((int)((number - 1) * pageSize), pageSize);

        var owners = new Dictionary<uint, string>();
        foreach (var (name, root) in roots)
        {
            Walk(root, name, Page, pageSize, owners);
        }

        return [.. frames.GroupBy(p => owners.GetValueOrDefault(p, "(free list)")).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)];
    }

    /// <summary>Formats a breakdown as frames per command.</summary>
    public static string Format(IReadOnlyList<(string Owner, int Frames)> breakdown, int commands)
        => string.Join(", ", breakdown.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Owner} {b.Frames / (double)commands:F2}")));

    private delegate ReadOnlySpan<byte> PageReader(uint number);

    private static void Walk(uint root, string owner, PageReader read, int pageSize, Dictionary<uint, string> owners)
    {
        var pending = new Stack<uint>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var number = pending.Pop();
            if (!owners.TryAdd(number, owner))
            {
                continue;
            }

            var page = read(number);
            var header = number == 1 ? 100 : 0;
            var type = page[header];
            var cells = BinaryPrimitives.ReadUInt16BigEndian(page[(header + 3)..]);
            var interior = type is 0x02 or 0x05;
            var pointers = header + (interior ? 12 : 8);
            if (interior)
            {
                pending.Push(BinaryPrimitives.ReadUInt32BigEndian(page[(header + 8)..]));
            }

            for (var i = 0; i < cells; i++)
            {
                var cell = BinaryPrimitives.ReadUInt16BigEndian(page[(pointers + (2 * i))..]);
                var at = (int)cell;
                if (interior)
                {
                    pending.Push(BinaryPrimitives.ReadUInt32BigEndian(page[at..]));
                    at += 4;
                }

                if (type == 0x05)
                {
                    continue; // an interior table cell holds a key only
                }

                at += Varint(page[at..], out var payload);
                if (type == 0x0d)
                {
                    at += Varint(page[at..], out _);
                }

                var local = Local(type, payload, pageSize);
                if (local < payload)
                {
                    // The rest of the payload is in a chain of overflow pages.
                    for (var next = BinaryPrimitives.ReadUInt32BigEndian(page[(at + local)..]); next != 0; next = BinaryPrimitives.ReadUInt32BigEndian(read(next)))
                    {
                        owners.TryAdd(next, owner);
                    }
                }
            }
        }
    }

    /// <summary>The bytes of a cell's payload kept on its page (the file format's rule).</summary>
    private static int Local(byte type, long payload, int usable)
    {
        var max = type == 0x0d ? usable - 35 : ((usable - 12) * 64 / 255) - 23;
        var min = ((usable - 12) * 32 / 255) - 23;
        if (payload <= max)
        {
            return (int)payload;
        }

        var k = min + (int)((payload - min) % (usable - 4));
        return k <= max ? k : min;
    }

    private static int Varint(ReadOnlySpan<byte> bytes, out long value)
    {
        value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 7) | (uint)(bytes[i] & 0x7f);
            if ((bytes[i] & 0x80) == 0)
            {
                return i + 1;
            }
        }

        value = (value << 8) | bytes[8];
        return 9;
    }
}
