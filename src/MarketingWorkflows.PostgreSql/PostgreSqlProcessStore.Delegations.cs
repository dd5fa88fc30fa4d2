using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Delegations: who acts for whom.</summary>
public sealed partial class PostgreSqlProcessStore
{
    /// <inheritdoc />
    public Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default) => Guard(SaveDelegationCoreAsync(delegation, cancellationToken), cancellationToken);

    private async Task SaveDelegationCoreAsync(Delegation delegation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"INSERT INTO {_s}.mwf_delegations (delegator, delegate, from_date, to_date, process_id, roles) VALUES ($1, $2, $3, $4, $5, $6);",
            delegation.Delegator,
            delegation.Delegate,
            delegation.From,
            delegation.To,
            (object?)delegation.ProcessId ?? DBNull.Value,
            delegation.Roles.ToArray());
        await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        return Guard(ReadDelegationsAsync("delegate", delegateUserId, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        return Guard(ReadDelegationsAsync("delegator", delegatorUserId, cancellationToken), cancellationToken);
    }

    /// <summary>Reads the delegations whose <paramref name="column"/> (delegate or delegator) is <paramref name="userId"/>, in the order saved.</summary>
    private async Task<IReadOnlyList<Delegation>> ReadDelegationsAsync(string column, string userId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT delegator, delegate, from_date, to_date, process_id, roles FROM {_s}.mwf_delegations WHERE {column} = $1 ORDER BY seq;", userId);
        var delegations = new List<Delegation>();
        using var reader = await ExecuteReaderAsync(command, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            delegations.Add(new Delegation(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3))
            {
                ProcessId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Roles = reader.GetFieldValue<string[]>(5),
            });
        }

        return delegations;
    }
}
