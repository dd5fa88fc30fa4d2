using System;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The write probe of readiness checks.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Inserts a row of 8 KB of random bytes (which compression cannot shrink) into
    /// <c>mwf_probe</c> and deletes it in one transaction that commits as a command does, so a
    /// full disk, a read-only server (a standby) or a lost connection fails the probe.
    /// </remarks>
    public Task ProbeWriteAsync(CancellationToken cancellationToken = default) => Guard(ProbeWriteCoreAsync(cancellationToken), cancellationToken);

    private async Task ProbeWriteCoreAsync(CancellationToken cancellationToken)
    {
        var id = Random.Shared.NextInt64(1, long.MaxValue);
        var filler = new byte[8192];
        Random.Shared.NextBytes(filler);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var insert = Command(connection, $"INSERT INTO {_s}.mwf_probe (id, filler) VALUES ($1, $2);", id, filler))
        {
            await ExecuteNonQueryAsync(insert, cancellationToken).ConfigureAwait(false);
        }

        using (var delete = Command(connection, $"DELETE FROM {_s}.mwf_probe WHERE id = $1;", id))
        {
            await ExecuteNonQueryAsync(delete, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
