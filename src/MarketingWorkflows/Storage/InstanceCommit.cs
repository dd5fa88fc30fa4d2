using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>The changes of one command, saved together by <see cref="IInstanceStore.CommitAsync"/>.</summary>
/// <param name="Instance">The instance after the command.</param>
/// <param name="ExpectedVersion">The version the stored instance must have, or <see langword="null"/> to insert a new instance.</param>
/// <param name="History">The history entries to append, in order.</param>
/// <param name="Timers">The instance's timers after the command (they replace the stored ones), or <see langword="null"/> to keep them.</param>
/// <param name="Events">The events to add to the outbox.</param>
/// <param name="Idempotency">
/// The command's idempotency key with its caller and fingerprint, or <see langword="null"/>. A store
/// records it with a reference to the result, <paramref name="Instance"/>'s id and version (see
/// <see cref="RecordedCommand"/>), never a copy of the instance or the events.
/// </param>
public sealed record InstanceCommit(
    ProcessInstance Instance,
    long? ExpectedVersion,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<ProcessTimer>? Timers,
    IReadOnlyList<ProcessEvent> Events,
    IdempotencyRecord? Idempotency)
{
    /// <summary>
    /// Gets the instance as it was read before the command, or <see langword="null"/>. A store
    /// may use it to leave alone what the command did not change (whom the instance waits on,
    /// its links); the version check still decides whether the commit applies.
    /// </summary>
    public ProcessInstance? Previous { get; init; }
}
