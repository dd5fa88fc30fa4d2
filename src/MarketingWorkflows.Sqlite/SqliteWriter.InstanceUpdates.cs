using System;
using System.Collections.Generic;
using MarketingWorkflows.Instances;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// The instance row's update sets only the indexed columns the command changed. SQLite rewrites
/// the entry of every index whose columns (or partial-index condition) an UPDATE sets, even to
/// the value it had: setting the state, completion and deadline on every command would dirty a
/// page of each of five indexes per transaction, where a command that only moves the state
/// changes one.
/// </summary>
internal sealed partial class SqliteWriter
{
    /// <summary>The instance row's indexed columns a command can change.</summary>
    [Flags]
    private enum IndexedColumns
    {
        None = 0,

        /// <summary><c>state</c>: the index by process and state.</summary>
        State = 1,

        /// <summary><c>is_completed</c>: the indexes of the open instances and of due times.</summary>
        Completion = 2,

        /// <summary><c>due_at</c>: the indexes of due times and of the instances with a deadline.</summary>
        Deadline = 4,

        All = State | Completion | Deadline,
    }

    /// <summary>Compares the row's indexed columns as they are in the file with the instance about to be written.</summary>
    private static IndexedColumns Changed(string state, bool isCompleted, long? dueAt, ProcessInstance instance)
    {
        var changed = IndexedColumns.None;
        if (!string.Equals(state, instance.State, StringComparison.Ordinal))
        {
            changed |= IndexedColumns.State;
        }

        if (isCompleted != instance.IsCompleted)
        {
            changed |= IndexedColumns.Completion;
        }

        if (dueAt != instance.DueAt?.UtcTicks)
        {
            changed |= IndexedColumns.Deadline;
        }

        return changed;
    }

    /// <summary>
    /// Gets the update that sets the columns every command may change and the indexed ones in
    /// <paramref name="changed"/>, with the version in its condition or not; prepared on first use.
    /// Every variant takes the row's parameters (those it does not use are not bound).
    /// </summary>
    private SqliteCommand InstanceUpdate(IndexedColumns changed, bool versionChecked)
    {
        var slot = (int)changed + (versionChecked ? (int)IndexedColumns.All + 1 : 0);
        if (_updates[slot] is not { } update)
        {
            var set = new List<string> { "version = $version", "body = $body", "awaiting_key = $awaitingKey", "links_key = $linksKey", "state_entered_at = $entered" };
            if (changed.HasFlag(IndexedColumns.State))
            {
                set.Add("state = $state");
            }

            if (changed.HasFlag(IndexedColumns.Completion))
            {
                set.Add("is_completed = $completed");
            }

            if (changed.HasFlag(IndexedColumns.Deadline))
            {
                set.Add("due_at = $due");
            }

            string[] parameters = ["$id", "$state", "$version", "$completed", "$due", "$body", "$awaitingKey", "$linksKey", "$entered"];
            update = Command(
                $"UPDATE mwf_instances SET {string.Join(", ", set)} WHERE id = $id{(versionChecked ? " AND version = $expected" : string.Empty)};",
                versionChecked ? [.. parameters, "$expected"] : parameters);
            _updates[slot] = update;
        }

        update.Transaction = _transaction;
        return update;
    }
}
