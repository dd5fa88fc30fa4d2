using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Sqlite;

/// <summary>The write probe of readiness checks.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Writes a row holding a page of zeros to <c>mwf_probe</c> and deletes it in one transaction,
    /// taking this process's turn to write like any command. The row needs a page of its own, so
    /// a file at its size cap or on a full disk fails the probe; once it has grown the file by a
    /// page, every later probe reuses the page freed by the one before. A full disk can still let
    /// the probe through while a larger command fails: the probe proves a small write commits.
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
            INSERT INTO mwf_probe (id, filler) VALUES ($id, zeroblob((SELECT page_size FROM pragma_page_size())));
            DELETE FROM mwf_probe WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", Random.Shared.NextInt64(1, long.MaxValue));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
