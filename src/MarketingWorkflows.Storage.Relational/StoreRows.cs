using System;
using System.Data.Common;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>Reads the history and timer rows of the relational schema; the columns come in the order of the constants.</summary>
public static class StoreRows
{
    /// <summary>The history columns, in the order <see cref="History"/> reads them.</summary>
    public const string HistoryColumns = "instance_id, sequence, kind, trigger, decision, actor, on_behalf_of, from_state, to_state, comment, arguments, data_revision, definition_version, at, self_approval, previous_hash, hash, instance_version, data_digest, key_id";

    /// <summary>The timer columns, in the order <see cref="Timer"/> reads them.</summary>
    public const string TimerColumns = "id, instance_id, kind, state, due_at, trigger, attempts";

    /// <summary>Reads a history entry from a row of <see cref="HistoryColumns"/>.</summary>
    /// <param name="reader">The reader, on the row.</param>
    /// <returns>The entry.</returns>
    public static HistoryEntry History(DbDataReader reader) => new()
    {
        InstanceId = reader.GetGuid(0),
        Sequence = reader.GetInt64(1),
        Kind = Enum.Parse<HistoryKind>(reader.GetString(2)),
        Trigger = Text(reader, 3),
        Decision = Text(reader, 4),
        Actor = reader.GetString(5),
        OnBehalfOf = Text(reader, 6),
        FromState = reader.GetString(7),
        ToState = reader.GetString(8),
        Comment = Text(reader, 9),
        Arguments = reader.IsDBNull(10) ? null : StoreJson.Element(reader.GetString(10)),
        DataRevision = reader.GetInt64(11),
        DefinitionVersion = reader.GetInt32(12),
        At = Time(reader.GetInt64(13)),
        SelfApproval = reader.GetBoolean(14),
        PreviousHash = reader.GetString(15),
        Hash = reader.GetString(16),
        InstanceVersion = reader.IsDBNull(17) ? null : reader.GetInt64(17),
        DataDigest = Digest(reader, 18),
        KeyId = Text(reader, 19),
    };

    /// <summary>Reads a timer from a row of <see cref="TimerColumns"/>.</summary>
    /// <param name="reader">The reader, on the row.</param>
    /// <returns>The timer.</returns>
    public static ProcessTimer Timer(DbDataReader reader)
        => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), Time(reader.GetInt64(4)), Text(reader, 5)) { Attempts = reader.GetInt32(6) };

    /// <summary>Gets a time stored as UTC ticks.</summary>
    /// <param name="utcTicks">The time in UTC ticks.</param>
    /// <returns>The time, at offset zero.</returns>
    public static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a data digest: SQLite keeps its 32 bytes, PostgreSQL its hex text.</summary>
    private static string? Digest(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) is byte[] bytes ? Convert.ToHexStringLower(bytes) : reader.GetString(ordinal);
}
