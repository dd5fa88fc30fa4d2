using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Sqlite;

/// <summary>The outbox backlog and the idempotency records, counted through their indexes.</summary>
public sealed partial class SqliteProcessStore : IStoreStatistics
{
    /// <inheritdoc />
    /// <remarks>
    /// Counts the pending events (the rows of their small table) and the dead-lettered ones (through
    /// the partial index of dead letters), on a reading connection that never waits for the
    /// writer. The idempotency records are counted while there
    /// are at most 100,000 of them; beyond that the figure is the span of their row ids, which
    /// grow with each record and are removed oldest first, so it is close and costs two lookups.
    /// </remarks>
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => Guard(GetStatisticsCoreAsync(cancellationToken));

    private async Task<StoreStatistics> GetStatisticsCoreAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM mwf_outbox_pending),
                   (SELECT o.time FROM mwf_outbox_pending p JOIN mwf_outbox o ON o.seq = p.seq ORDER BY p.seq LIMIT 1),
                   (SELECT COUNT(*) FROM mwf_outbox WHERE status = 2),
                   (SELECT CASE WHEN span > 100000 THEN span ELSE (SELECT COUNT(*) FROM mwf_commands INDEXED BY ix_mwf_commands_created) END
                    FROM (SELECT (SELECT rowid FROM mwf_commands ORDER BY rowid DESC LIMIT 1) - (SELECT rowid FROM mwf_commands ORDER BY rowid LIMIT 1) + 1 AS span));
            """;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreStatistics(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : Time(reader.GetInt64(1)),
            reader.GetInt64(2),
            reader.GetInt64(3));
    }
}
