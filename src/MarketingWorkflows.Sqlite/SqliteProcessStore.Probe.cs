using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Sqlite;

/// <summary>The write probe of readiness checks.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Writes a row holding sixteen pages of zeros (64 KB at the default page size, more than a
    /// command writes) to <c>mwf_probe</c> and deletes it in one transaction, taking this process's
    /// turn to write like any command. So a file at its size cap, or on a disk that is full, fails
    /// the probe as soon as it has less room than that left, before or as commands start to fail;
    /// once it has grown the file, every later probe reuses the pages freed by the one before.
    /// A disk can still fill between two probes: the probe proves a write of that size commits.
    /// </remarks>
    public Task ProbeWriteAsync(CancellationToken cancellationToken = default) => Guard(ProbeWriteCoreAsync(cancellationToken));

    private async Task ProbeWriteCoreAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO mwf_probe (id, filler) VALUES ($id, zeroblob(16 * (SELECT page_size FROM pragma_page_size())));
            DELETE FROM mwf_probe WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", Random.Shared.NextInt64(1, long.MaxValue));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
