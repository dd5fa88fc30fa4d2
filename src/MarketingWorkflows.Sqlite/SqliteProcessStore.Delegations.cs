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
    public async Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
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
    public async Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delegator, delegate, from_date, to_date, process_id, roles FROM mwf_delegations WHERE delegate = $delegate ORDER BY seq;";
        command.Parameters.AddWithValue("$delegate", delegateUserId);
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

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delegator, delegate, from_date, to_date, process_id, roles FROM mwf_delegations WHERE delegator = $delegator ORDER BY seq;";
        command.Parameters.AddWithValue("$delegator", delegatorUserId);
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
