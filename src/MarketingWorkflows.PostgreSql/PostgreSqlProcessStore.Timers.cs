using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage.Relational;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Timers: deadlines and reminders, and the due ones claimed with a lease.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetTimersAsync(Guid instanceId, CancellationToken cancellationToken = default) => Guard(GetTimersCoreAsync(instanceId, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessTimer>> GetTimersCoreAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.TimerColumns} FROM {_s}.mwf_timers WHERE instance_id = $1 ORDER BY due_at, id;", instanceId);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> GetDueTimersAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken = default) => Guard(GetDueTimersCoreAsync(until, maxCount, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessTimer>> GetDueTimersCoreAsync(DateTimeOffset until, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {StoreRows.TimerColumns} FROM {_s}.mwf_timers WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2;", until.UtcTicks, maxCount);
        return await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default) => Guard(ClaimDueTimersCoreAsync(now, maxCount, lease, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ProcessTimer>> ClaimDueTimersCoreAsync(DateTimeOffset now, int maxCount, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // Rows another host is claiming right now are skipped, not waited for; a claim whose lease ran out is taken over.
        using var command = Command(connection, $"""
            UPDATE {_s}.mwf_timers t SET lease_owner = $1, lease_until = $2
            FROM (SELECT id FROM {_s}.mwf_timers WHERE due_at <= $3 AND lease_until <= $3
                  ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) c
            WHERE t.id = c.id
            RETURNING t.id, t.instance_id, t.kind, t.state, t.due_at, t.trigger, t.attempts;
            """, _owner, (now + lease).UtcTicks, now.UtcTicks, maxCount);
        var timers = await ReadTimersAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. timers.OrderBy(t => t.DueAt).ThenBy(t => t.Id)];
    }

    /// <inheritdoc />
    public Task PostponeTimerAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) => Guard(PostponeTimerCoreAsync(timerId, dueAt, cancellationToken), cancellationToken);

    private async Task PostponeTimerCoreAsync(Guid timerId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"UPDATE {_s}.mwf_timers SET due_at = $1, attempts = attempts + 1, lease_owner = NULL, lease_until = 0 WHERE id = $2;", dueAt.UtcTicks, timerId);
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task RemoveTimerAsync(Guid timerId, CancellationToken cancellationToken = default) => Guard(RemoveTimerCoreAsync(timerId, cancellationToken), cancellationToken);

    private async Task RemoveTimerCoreAsync(Guid timerId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"DELETE FROM {_s}.mwf_timers WHERE id = $1;", timerId);
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ProcessTimer>> ReadTimersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var timers = new List<ProcessTimer>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timers.Add(StoreRows.Timer(reader));
        }

        return timers;
    }
}
