using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Delegations: who acts for whom, and when.
/// Part of <see cref="IProcessStore"/>: a store implements every part over one database, so that
/// <see cref="IInstanceStore.CommitAsync"/> can save them together.
/// </summary>
public interface IDelegationStore
{
    /// <summary>Saves a delegation.</summary>
    /// <param name="delegation">The delegation.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>A task that completes when it is saved.</returns>
    Task SaveDelegationAsync(Delegation delegation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the delegations to a user (as the delegate). A delegation saved again with the same
    /// delegator, delegate, process and first day replaces the earlier one: saving it with a last
    /// day before today revokes it.
    /// </summary>
    /// <param name="delegateUserId">The delegate.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The delegations, in the order saved.</returns>
    Task<IReadOnlyList<Delegation>> GetDelegationsAsync(string delegateUserId, CancellationToken cancellationToken = default);

    /// <summary>Reads the delegations a user gave (as the delegator).</summary>
    /// <param name="delegatorUserId">The delegator.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The delegations, in the order saved.</returns>
    Task<IReadOnlyList<Delegation>> GetDelegationsGivenAsync(string delegatorUserId, CancellationToken cancellationToken = default);
}
