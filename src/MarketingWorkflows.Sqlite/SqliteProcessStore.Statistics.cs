using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Sqlite;

/// <summary>The outbox backlog and the idempotency records, counted through their indexes.</summary>
public sealed partial class SqliteProcessStore : IStoreStatistics
{
    /// <inheritdoc />
    /// <remarks>
    /// Counts through the outbox's status index and the idempotency records' creation index, on a
    /// reading connection: it never waits for the writer, and takes milliseconds for a
    /// million rows.
    /// </remarks>
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => Guard(GetStatisticsCoreAsync(cancellationToken));

    private async Task<StoreStatistics> GetStatisticsCoreAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM mwf_outbox WHERE status = 0),
                   (SELECT time FROM mwf_outbox WHERE status = 0 ORDER BY seq LIMIT 1),
                   (SELECT COUNT(*) FROM mwf_outbox WHERE status = 2),
                   (SELECT COUNT(*) FROM mwf_commands INDEXED BY ix_mwf_commands_created);
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
