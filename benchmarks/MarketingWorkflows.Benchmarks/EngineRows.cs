using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// The rows the engine wrote for one command, copied from a store's file, and a raw writer that
/// writes rows just like them to another file with the store's schema: the instance row updated
/// with a version check (the columns the store updates for a command that moves the state, same
/// body, the state going back and forth between the two the command moved between), one history
/// row (same columns and sizes, next sequence, the same two states) and the command's outbox rows
/// (same type and data, new ids) with their rows of pending events. It reads the tables' columns
/// from the file, so it follows the schema as it changes.
/// </summary>
internal sealed class EngineRows
{
    private readonly Dictionary<string, object> _instance;
    private readonly Dictionary<string, object> _history;
    private readonly List<Dictionary<string, object>> _events;
    private readonly long _version;
    private readonly bool _pendingTable;

    private EngineRows(Dictionary<string, object> instance, Dictionary<string, object> history, List<Dictionary<string, object>> events, long version, bool pendingTable)
    {
        _instance = instance;
        _history = history;
        _events = events;
        _version = version;
        _pendingTable = pendingTable;
    }

    /// <summary>Gets how many outbox rows the engine wrote for the command.</summary>
    public int Events => _events.Count;

    /// <summary>Gets the size in bytes of the instance row's body and the history row's values, for the report.</summary>
    public string Sizes
        => FormattableString.Invariant($"instance body {Length(_instance["body"])} B, history row {_history.Values.Sum(Length)} B, {_events.Count} outbox row(s) of {_events.Sum(e => e.Values.Sum(Length))} B");

    /// <summary>Copies the rows of an instance's last command from a store's file.</summary>
    public static EngineRows Capture(SqliteConnection connection, string instanceId)
    {
        var instance = Row(connection, "SELECT * FROM mwf_instances WHERE id = $id", instanceId);
        var version = Convert.ToInt64(instance["version"], CultureInfo.InvariantCulture);
        var history = Row(connection, "SELECT * FROM mwf_history WHERE instance_id = $id ORDER BY sequence DESC LIMIT 1", instanceId);
        var events = Rows(connection, FormattableString.Invariant($"SELECT * FROM mwf_outbox WHERE instance_id = $id AND instance_version = {version}"), instanceId);
        foreach (var row in events)
        {
            // Given by SQLite on insert; every other column is as the command wrote it (no event was delivered yet).
            row.Remove("seq");
        }

        using var pending = connection.CreateCommand();
        pending.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'mwf_outbox_pending';";
        var pendingTable = Convert.ToInt64(pending.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
        return new EngineRows(instance, history, events, version, pendingTable);
    }

    /// <summary>Writes one command's rows for an instance, inside the caller's transaction.</summary>
    /// <param name="connection">The raw connection.</param>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="version">The instance's version before the command; the update checks it.</param>
    /// <param name="sequence">The history row's sequence.</param>
    public void Write(SqliteConnection connection, SqliteTransaction transaction, string instanceId, long version, long sequence)
    {
        // Every other command goes from the second state back to the first, as the engine's do.
        var back = ((version + 1 - _version) & 1) != 0;
        var (from, to) = back ? (_history["to_state"], _history["from_state"]) : (_history["from_state"], _history["to_state"]);

        // The columns the store's own update sets for a command that moves the state: never the
        // id, the process or the creation time, and not the completion or the deadline, which
        // stay as they were (the store leaves unchanged indexed columns out of its update).
        var set = _instance.Keys.Where(c => c is not "id" and not "version" and not "process_id" and not "created_at" and not "is_completed" and not "due_at").ToList();
        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = $"UPDATE mwf_instances SET version = $next, {string.Join(", ", set.Select(c => $"{c} = ${c}"))} WHERE id = $id AND version = $version;";
            foreach (var column in set)
            {
                update.Parameters.AddWithValue("$" + column, column == "state" ? to : _instance[column]);
            }

            update.Parameters.AddWithValue("$next", version + 1);
            update.Parameters.AddWithValue("$id", instanceId);
            update.Parameters.AddWithValue("$version", version);
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException("The version check failed.");
            }
        }

        var history = new Dictionary<string, object>(_history) { ["instance_id"] = instanceId, ["sequence"] = sequence, ["from_state"] = from, ["to_state"] = to };
        if (history.ContainsKey("instance_version"))
        {
            history["instance_version"] = version + 1;
        }

        Insert(connection, transaction, "mwf_history", history);
        foreach (var row in _events)
        {
            Insert(connection, transaction, "mwf_outbox", new Dictionary<string, object>(row) { ["id"] = Guid.CreateVersion7().ToString(), ["instance_id"] = instanceId, ["instance_version"] = version + 1 });
            if (_pendingTable)
            {
                using var pending = connection.CreateCommand();
                pending.Transaction = transaction;
                pending.CommandText = "INSERT OR REPLACE INTO mwf_outbox_pending (seq) VALUES (last_insert_rowid());";
                pending.ExecuteNonQuery();
            }
        }
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string table, Dictionary<string, object> row)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Keys.Select(c => "$" + c))});";
        foreach (var (column, value) in row)
        {
            insert.Parameters.AddWithValue("$" + column, value);
        }

        insert.ExecuteNonQuery();
    }

    private static Dictionary<string, object> Row(SqliteConnection connection, string sql, string id)
        => Rows(connection, sql, id) is [var row] ? row : throw new InvalidOperationException($"Expected one row: {sql}");

    private static List<Dictionary<string, object>> Rows(SqliteConnection connection, string sql, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static long Length(object value) => value switch
    {
        string text => System.Text.Encoding.UTF8.GetByteCount(text),
        byte[] bytes => bytes.Length,
        DBNull => 0,
        _ => 8,
    };
}
