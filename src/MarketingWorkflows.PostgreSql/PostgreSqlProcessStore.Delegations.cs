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
    public async Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
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
    public async Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT delegator, delegate, from_date, to_date, process_id, roles FROM {_s}.mwf_delegations WHERE delegate = $1 ORDER BY seq;", delegateUserId);
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

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT delegator, delegate, from_date, to_date, process_id, roles FROM {_s}.mwf_delegations WHERE delegator = $1 ORDER BY seq;", delegatorUserId);
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
