using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Idempotency records: a caller's keys with their first results.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default) => Guard(FindCommandCoreAsync(caller, idempotencyKey, cancellationToken), cancellationToken);

    private async Task<RecordedCommand?> FindCommandCoreAsync(string caller, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT fingerprint, created_at, result FROM {_s}.mwf_commands WHERE caller = $1 AND key = $2;", caller, idempotencyKey);
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new RecordedCommand(new IdempotencyRecord(caller, idempotencyKey, reader.GetString(0), Time(reader.GetInt64(1))), StoreJson.ReadCommand(reader.GetString(2)))
            : null;
    }

    /// <inheritdoc />
    public Task<int> RemoveCommandsAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken = default) => Guard(RemoveCommandsCoreAsync(createdBefore, cancellationToken), cancellationToken);

    private async Task<int> RemoveCommandsCoreAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"DELETE FROM {_s}.mwf_commands WHERE created_at < $1;", createdBefore.UtcTicks);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
