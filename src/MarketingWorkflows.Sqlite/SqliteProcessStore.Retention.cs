using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Sqlite;

/// <summary>Retention's deletes: one short transaction per batch, in this process's turn to write.</summary>
public sealed partial class SqliteProcessStore
{
    /// <summary>
    /// Runs one batch of a retention delete, <paramref name="sql"/> with <c>$before</c> and
    /// <c>$batch</c>, in this process's turn to write, without a sync of its own (see
    /// <see cref="UnsyncedCommits"/>): the commands queued behind it wait for its pages to be
    /// written to the log, not for the disk. A batch lost in a power cut only means its rows are
    /// removed again at the next run.
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
        using var unsynced = UnsyncedCommits.On(connection);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
