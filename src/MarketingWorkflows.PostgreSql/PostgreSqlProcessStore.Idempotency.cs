using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Idempotency records: a caller's keys, each with the instance and version its command produced.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default) => Guard(FindCommandCoreAsync(caller, idempotencyKey, cancellationToken), cancellationToken);

    private async Task<RecordedCommand?> FindCommandCoreAsync(string caller, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT fingerprint, created_at, instance_id, instance_version FROM {_s}.mwf_commands WHERE caller = $1 AND key = $2;", caller, idempotencyKey);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new RecordedCommand(new IdempotencyRecord(caller, idempotencyKey, reader.GetString(0), Time(reader.GetInt64(1))), reader.GetGuid(2), reader.GetInt64(3))
            : null;
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredCommandsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) => Guard(RemoveExpiredCommandsCoreAsync(before, batchSize, cancellationToken), cancellationToken);

    private async Task<int> RemoveExpiredCommandsCoreAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // SKIP LOCKED: two hosts' workers remove different batches rather than wait on each other.
        using var command = Command(
            connection,
            $"WITH doomed AS MATERIALIZED (SELECT caller, key FROM {_s}.mwf_commands WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) DELETE FROM {_s}.mwf_commands c USING doomed d WHERE c.caller = d.caller AND c.key = d.key;",
            before.UtcTicks,
            batchSize);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
