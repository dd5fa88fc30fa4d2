using System;
using System.Text.Json;

namespace MarketingWorkflows.Instances;

/// <summary>
/// One entry of an instance's append-only history. Entries form a hash chain: each
/// <see cref="Hash"/> covers the entry and the previous entry's hash, so a changed or removed
/// entry is detectable. An entry also records what the instance is after it
/// (<see cref="InstanceVersion"/>, <see cref="DataDigest"/>, <see cref="ToState"/>), so the
/// instance's stored row can be checked against its last entry.
/// </summary>
public sealed record HistoryEntry
{
    /// <summary>The <see cref="Decision"/> the engine records on a <see cref="HistoryKind.Deadline"/> entry when the deadline passed, as against a reminder.</summary>
    public const string DeadlinePassedDecision = "deadline-passed";

    /// <summary>Gets the instance.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>Gets the entry's position in the instance's history, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>Gets what kind of change this is.</summary>
    public required HistoryKind Kind { get; init; }

    /// <summary>Gets the trigger fired, or <see langword="null"/>.</summary>
    public string? Trigger { get; init; }

    /// <summary>
    /// Gets the decision taken (for a <see cref="HistoryKind.Deadline"/> entry, <c>deadline-passed</c>
    /// or <c>reminder</c>), or <see langword="null"/>.
    /// </summary>
    public string? Decision { get; init; }

    /// <summary>Gets who acted.</summary>
    public required string Actor { get; init; }

    /// <summary>Gets for whom, under a delegation, or <see langword="null"/>.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>Gets the state before.</summary>
    public required string FromState { get; init; }

    /// <summary>Gets the state after.</summary>
    public required string ToState { get; init; }

    /// <summary>Gets the comment or reason, or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the trigger's arguments, or the changed data, or <see langword="null"/>.</summary>
    public JsonElement? Arguments { get; init; }

    /// <summary>Gets the data revision (the subject's version) the action applied to.</summary>
    public required long DataRevision { get; init; }

    /// <summary>Gets the definition version the instance runs on.</summary>
    public required int DefinitionVersion { get; init; }

    /// <summary>Gets when, in UTC, from the engine's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets whether a decision was a self-approval allowed by an audit policy.</summary>
    public bool SelfApproval { get; init; }

    /// <summary>Gets the previous entry's hash (empty for the first entry).</summary>
    public required string PreviousHash { get; init; }

    /// <summary>
    /// Gets the instance's version after the command that recorded this entry, or
    /// <see langword="null"/> for an entry written before entries recorded it.
    /// </summary>
    public long? InstanceVersion { get; init; }

    /// <summary>
    /// Gets the SHA-256 digest of the instance's data after this entry (over the data written as
    /// compact JSON), lower-case hex, or <see langword="null"/> for an entry written before
    /// entries recorded it; such an entry's hash is computed as it was then.
    /// </summary>
    public string? DataDigest { get; init; }

    /// <summary>
    /// Gets the id of the history key (<see cref="MarketingWorkflowsOptions.HistoryKeys"/>) this
    /// entry's hash is keyed with, or <see langword="null"/> when the hash is plain SHA-256.
    /// </summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// Gets this entry's hash over the previous hash and this entry's content, lower-case hex:
    /// HMAC-SHA256 with the key named by <see cref="KeyId"/>, or SHA-256 when there is none.
    /// </summary>
    public required string Hash { get; init; }
}
