using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// Something waiting for the writer: a command's commit, or the event dispatcher's bookkeeping
/// (acknowledgements and claims), which the writer folds into the same transactions so that it
/// shares their pages and their fsync instead of taking a turn of its own.
/// </summary>
internal abstract class PendingWrite
{
    /// <summary>Gets how the caller learns the outcome: completed once the transaction holding it has committed.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Events delivered: their rows leave the pending events (see <see cref="SqliteWriter"/>).</summary>
internal sealed class PendingAcknowledgement(IReadOnlyCollection<Guid> eventIds) : PendingWrite
{
    public IReadOnlyCollection<Guid> EventIds { get; } = eventIds;
}

/// <summary>A claim of pending events for this process to deliver, with what it claimed once written.</summary>
internal sealed class PendingClaim(DateTimeOffset now, int maxCount, TimeSpan lease, string owner) : PendingWrite
{
    public DateTimeOffset Now { get; } = now;

    public int MaxCount { get; } = maxCount;

    public TimeSpan Lease { get; } = lease;

    public string Owner { get; } = owner;

    /// <summary>Gets or sets the entries claimed by the last attempt to write the claim.</summary>
    public IReadOnlyList<OutboxEntry> Claimed { get; set; } = [];
}
