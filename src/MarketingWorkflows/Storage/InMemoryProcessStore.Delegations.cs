using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>Delegations: who acts for whom.</summary>
public sealed partial class InMemoryProcessStore
{
    /// <inheritdoc />
    public Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegation);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_delegationsGate)
        {
            _delegations.Add(delegation);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegateUserId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_delegationsGate)
        {
            return Task.FromResult<IReadOnlyList<Delegation>>([.. _delegations.Where(d => d.Delegate == delegateUserId)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegatorUserId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_delegationsGate)
        {
            return Task.FromResult<IReadOnlyList<Delegation>>([.. _delegations.Where(d => d.Delegator == delegatorUserId)]);
        }
    }
}
