using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.PostgreSql;

/// <summary>The outbox backlog and the idempotency records, counted through their indexes.</summary>
public sealed partial class PostgreSqlProcessStore : IStoreStatistics
{
    /// <inheritdoc />
    /// <remarks>
    /// The pending events are counted from their instances' queue rows, each from where its
    /// pending events begin, and the dead-lettered ones through their partial index. The
    /// idempotency records are counted while there are at most 100,000 of them; beyond that the
    /// figure is PostgreSQL's estimate from its last <c>ANALYZE</c> (<c>pg_class.reltuples</c>),
    /// which costs nothing to read.
    /// </remarks>
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => Guard(GetStatisticsCoreAsync(cancellationToken), cancellationToken);

    private async Task<StoreStatistics> GetStatisticsCoreAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"""
            SELECT (SELECT count(*) FROM {_s}.mwf_outbox_queues q CROSS JOIN LATERAL (
                        SELECT 1 FROM {_s}.mwf_outbox o WHERE o.instance_id = q.instance_id AND o.seq >= q.from_seq AND o.status = 0) p),
                   (SELECT p.time FROM {_s}.mwf_outbox_queues q CROSS JOIN LATERAL (
                        SELECT o.seq, o.time FROM {_s}.mwf_outbox o WHERE o.instance_id = q.instance_id AND o.seq >= q.from_seq AND o.status = 0
                        ORDER BY o.seq LIMIT 1) p
                    ORDER BY p.seq LIMIT 1),
                   (SELECT count(*) FROM {_s}.mwf_outbox WHERE dead_lettered),
                   (SELECT CASE WHEN c.reltuples > 100000 THEN c.reltuples::bigint ELSE (SELECT count(*) FROM {_s}.mwf_commands) END
                    FROM pg_class c WHERE c.oid = '{_s}.mwf_commands'::regclass);
            """);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreStatistics(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : Time(reader.GetInt64(1)),
            reader.GetInt64(2),
            reader.GetInt64(3));
    }
}
