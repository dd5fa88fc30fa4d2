using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// What the SQL stores write beside each history entry for the analytics: when the state the
/// entry was recorded in (its from-state) was entered. A stay's length and a decision's
/// turnaround are then a difference of two columns, with no window over the history.
/// </summary>
public static class HistorySince
{
    /// <summary>Gets whether an entry enters a state: it starts the instance or changes its state.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when it enters a state.</returns>
    public static bool Enters(HistoryEntry entry) => entry.Kind == HistoryKind.Started || entry.FromState != entry.ToState;

    /// <summary>
    /// Gets when the instance's state before the commit was entered, in UTC ticks: none for a new
    /// instance; from <see cref="InstanceCommit.Previous"/> for a change. <paramref name="known"/>
    /// is <see langword="false"/> when a change comes without it and the store must look it up.
    /// </summary>
    /// <param name="commit">The commit.</param>
    /// <param name="known">Whether the time could be told from the commit.</param>
    /// <returns>The time in UTC ticks, or <see langword="null"/>.</returns>
    public static long? Before(InstanceCommit commit, out bool known)
    {
        known = commit.ExpectedVersion is null || commit.Previous is not null;
        return commit.ExpectedVersion is null ? null : commit.Previous?.StateEnteredAt.UtcTicks;
    }
}
