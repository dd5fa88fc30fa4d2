namespace MarketingWorkflows.Engine;

/// <summary>Answers who a user's manager is, for relative approvers such as <c>owner.manager</c>. Register one with the builder; without it such approvers resolve to nobody and the stage's fallback role decides.</summary>
public interface IUserDirectory
{
    /// <summary>Finds a user's manager.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The manager's user id, or <see langword="null"/> when there is none.</returns>
    System.Threading.Tasks.ValueTask<string?> GetManagerAsync(string userId, System.Threading.CancellationToken cancellationToken = default);
}
