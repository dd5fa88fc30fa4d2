using System;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Sqlite;

/// <summary>Idempotency records: a caller's keys, each with the instance and version its command produced.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task<RecordedCommand?> FindCommandAsync(string caller, string idempotencyKey, CancellationToken cancellationToken = default) => Guard(FindCommandCoreAsync(caller, idempotencyKey, cancellationToken));

    private async Task<RecordedCommand?> FindCommandCoreAsync(string caller, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers!.Rent();
        try
        {
            reader.Command.Parameters[0].Value = caller;
            reader.Command.Parameters[1].Value = idempotencyKey;
            using var row = reader.Command.ExecuteReader();
            return row.Read()
                ? new RecordedCommand(new IdempotencyRecord(caller, idempotencyKey, row.GetString(0), Time(row.GetInt64(1))), Guid.Parse(row.GetString(2)), row.GetInt64(3))
                : null;
        }
        finally
        {
            _readers.Return(reader);
        }
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredCommandsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken = default) => Guard(RemoveExpiredCommandsCoreAsync(before, batchSize, cancellationToken));

    private Task<int> RemoveExpiredCommandsCoreAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
        => RemoveExpiredBatchAsync("DELETE FROM mwf_commands WHERE rowid IN (SELECT rowid FROM mwf_commands WHERE created_at < $before ORDER BY created_at LIMIT $batch);", before, batchSize, cancellationToken);
}
