using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>Retention's deletes: one short transaction per batch, in this process's turn to write.</summary>
public sealed partial class SqliteProcessStore
{
    /// <summary>
    /// Runs one batch of a retention delete, <paramref name="sql"/> with <c>$before</c> and
    /// <c>$batch</c>, in this process's turn to write, without a sync of its own (see
    /// <see cref="WithoutSyncAsync{T}"/>): the commands queued behind it wait for its pages to be
    /// written to the log, not for the disk. A batch lost in a power cut only means its rows are
    /// removed again at the next run, and the database stays consistent; the next command's commit
    /// syncs the log, this batch's pages with it.
    /// </summary>
    private async Task<int> RemoveExpiredBatchAsync(string sql, DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$before", before.UtcTicks);
        command.Parameters.AddWithValue("$batch", batchSize);
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        return await WithoutSyncAsync(connection, () => command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> on <paramref name="connection"/> with <c>synchronous = NORMAL</c>
    /// (in WAL mode: commits are written to the log but not synced; checkpoints still sync), then
    /// sets the connection's own setting again, whether or not it succeeded: a pooled connection
    /// keeps its settings, and the next write through it must be as durable as before.
    /// </summary>
    internal static async Task<T> WithoutSyncAsync<T>(SqliteConnection connection, Func<Task<T>> write)
    {
        var durable = Pragma(connection, "PRAGMA synchronous;");
        Pragma(connection, "PRAGMA synchronous = NORMAL;");
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            Pragma(connection, FormattableString.Invariant($"PRAGMA synchronous = {durable};"));
        }
    }

    private static long Pragma(SqliteConnection connection, string statement)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = statement;
        return pragma.ExecuteScalar() is long value ? value : 0;
    }
}
