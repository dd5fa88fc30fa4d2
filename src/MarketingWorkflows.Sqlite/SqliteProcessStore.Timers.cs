using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>Timers: deadlines and reminders, and the due ones to fire.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetTimersCoreAsync(instanceId, cancellationToken));

    private async Task<IReadOnlyList<ProcessTimer>> GetTimersCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.TimerColumns} FROM mwf_timers WHERE instance_id = $id ORDER BY due_at, id;";
        command.Parameters.AddWithValue("$id", Key(instanceId));
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default) => Guard(GetDueTimersCoreAsync(until, maxCount, cancellationToken));

    private async Task<IReadOnlyList<ProcessTimer>> GetDueTimersCoreAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoreRows.TimerColumns} FROM mwf_timers WHERE due_at <= $until ORDER BY due_at, id LIMIT $max;";
        command.Parameters.AddWithValue("$until", until.UtcTicks);
        command.Parameters.AddWithValue("$max", maxCount);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One process writes a SQLite file, so the due timers are its own: no lease is taken.</remarks>
    public Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        => GetDueTimersAsync(now, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) => Guard(PostponeTimerCoreAsync(timerId, dueAt, cancellationToken));

    private async Task PostponeTimerCoreAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mwf_timers SET due_at = $due, attempts = attempts + 1 WHERE id = $id;";
        command.Parameters.AddWithValue("$due", dueAt.UtcTicks);
        command.Parameters.AddWithValue("$id", Key(timerId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default) => Guard(RemoveTimerCoreAsync(timerId, cancellationToken));

    private async Task RemoveTimerCoreAsync(Guid timerId, CancellationToken cancellationToken)
    {
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM mwf_timers WHERE id = $id;";
        command.Parameters.AddWithValue("$id", Key(timerId));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ProcessTimer>> ReadTimersAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var timers = new List<ProcessTimer>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timers.Add(StoreRows.Timer(reader));
        }

        return timers;
    }
}
