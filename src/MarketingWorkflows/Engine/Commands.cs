using System;
using System.Text.Json;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>What to do with a checklist item.</summary>
public enum ChecklistAction
{
    /// <summary>Mark it done (only when the items it depends on are done or waived).</summary>
    Complete,

    /// <summary>Mark a done or waived item open again.</summary>
    Reopen,

    /// <summary>Waive it (needs one of its <c>waivableBy</c> roles and a reason).</summary>
    Waive,
}

/// <summary>A change to one checklist item.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="ItemId">The item's id.</param>
/// <param name="Action">Complete, reopen or waive.</param>
/// <param name="Actor">Who does it.</param>
public sealed record ChecklistCommand(Guid InstanceId, string ItemId, ChecklistAction Action, Actor Actor)
{
    /// <summary>Gets the reason: required to waive, optional otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the version the caller last saw, or <see langword="null"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets a key that makes the command safe to retry, or <see langword="null"/>.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A change to an instance's data: a JSON object whose fields replace the stored ones (<c>null</c> removes a field).</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Changes">The fields to change.</param>
/// <param name="Actor">Who changes them.</param>
public sealed record DataCommand(Guid InstanceId, JsonElement Changes, Actor Actor)
{
    /// <summary>Gets a comment for the history, or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the version the caller last saw, or <see langword="null"/>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets a key that makes the command safe to retry, or <see langword="null"/>.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>The result of checking an instance's history hash chain, and the instance's row against its last entry.</summary>
/// <param name="IsValid">Whether every entry matches.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="FirstInvalidSequence">The first entry that does not match, or <see langword="null"/>.</param>
/// <param name="Problem">What does not match, or <see langword="null"/>: which entry or field, what was found and what was expected.</param>
public sealed record HistoryVerification(bool IsValid, long Entries, long? FirstInvalidSequence = null, string? Problem = null)
{
    /// <summary>
    /// Gets the field that does not match, or <see langword="null"/>: of an entry
    /// (<c>sequence</c>, <c>previousHash</c>, <c>hash</c>, <c>keyId</c>, <c>fromState</c>,
    /// <c>dataDigest</c>) or of the instance's row against its last entry (<c>state</c>,
    /// <c>version</c>, <c>data</c>, <c>dataRevision</c>, <c>definitionVersion</c>,
    /// <c>historyHead</c>, <c>historyCount</c>).
    /// </summary>
    public string? Field { get; init; }
}

/// <summary>Answers who a user's manager is, for relative approvers such as <c>owner.manager</c>. Register one with the builder; without it such approvers resolve to nobody and the stage's fallback role decides.</summary>
public interface IUserDirectory
{
    /// <summary>Finds a user's manager.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The manager's user id, or <see langword="null"/> when there is none.</returns>
    System.Threading.Tasks.ValueTask<string?> GetManagerAsync(string userId, System.Threading.CancellationToken cancellationToken = default);
}
