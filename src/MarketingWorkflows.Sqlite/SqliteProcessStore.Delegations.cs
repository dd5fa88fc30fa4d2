using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Sqlite;

/// <summary>Delegations: who acts for whom.</summary>
public sealed partial class SqliteProcessStore
{
    /// <inheritdoc />
    public Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default) => Guard(SaveDelegationCoreAsync(delegation, cancellationToken));

    private async Task SaveDelegationCoreAsync(Delegation delegation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        using var connection = await OpenToWriteAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO mwf_delegations (delegator, delegate, from_date, to_date, process_id, roles) VALUES ($delegator, $delegate, $from, $to, $process, $roles);";
        command.Parameters.AddWithValue("$delegator", delegation.Delegator);
        command.Parameters.AddWithValue("$delegate", delegation.Delegate);
        command.Parameters.AddWithValue("$from", delegation.From.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$to", delegation.To.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$process", (object?)delegation.ProcessId ?? DBNull.Value);
        command.Parameters.AddWithValue("$roles", StoreJson.WriteStrings(delegation.Roles));
        using var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        return Guard(ReadDelegationsAsync("delegate", delegateUserId, cancellationToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        return Guard(ReadDelegationsAsync("delegator", delegatorUserId, cancellationToken));
    }

    /// <summary>Reads the delegations whose <paramref name="column"/> (delegate or delegator) is <paramref name="userId"/>, in the order saved.</summary>
    private async Task<IReadOnlyList<Delegation>> ReadDelegationsAsync(string column, string userId, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT delegator, delegate, from_date, to_date, process_id, roles FROM mwf_delegations WHERE {column} = $user ORDER BY seq;";
        command.Parameters.AddWithValue("$user", userId);
        var delegations = new List<Delegation>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            delegations.Add(new Delegation(reader.GetString(0), reader.GetString(1), DateOnly.ParseExact(reader.GetString(2), "O", CultureInfo.InvariantCulture), DateOnly.ParseExact(reader.GetString(3), "O", CultureInfo.InvariantCulture))
            {
                ProcessId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Roles = StoreJson.ReadStrings(reader.GetString(5)),
            });
        }

        return delegations;
    }
}
