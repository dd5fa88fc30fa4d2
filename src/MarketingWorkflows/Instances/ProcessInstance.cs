using System;
using System.Collections.Generic;
using System.Text.Json;

namespace MarketingWorkflows.Instances;

/// <summary>
/// One running (or finished) process: its state, data and everything the engine needs to decide
/// the next command. Immutable: every command produces a new instance with a higher
/// <see cref="Version"/>.
/// </summary>
public sealed record ProcessInstance
{
    private readonly JsonElement _data;

    /// <summary>Gets the instance's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the process id, such as <c>content-review</c>.</summary>
    public required string ProcessId { get; init; }

    /// <summary>Gets the version of the definition the instance runs: the one it started on, or a later one it was migrated to.</summary>
    public required int DefinitionVersion { get; init; }

    /// <summary>Gets the current state.</summary>
    public required string State { get; init; }

    /// <summary>Gets the instance data, a JSON object valid against the definition's schema.</summary>
    /// <remarks>Setting the data clears the engine's note of its digest, so a copy with other data never carries the old data's.</remarks>
    public required JsonElement Data
    {
        get => _data;
        init
        {
            _data = value;
            DataDigest = string.Empty;
        }
    }

    /// <summary>
    /// Gets the SHA-256 digest of <see cref="Data"/> that the history records
    /// (<see cref="HistoryEntry.DataDigest"/>), as the engine computed it for this copy; empty when
    /// not known, as for an instance read from a store (it is not stored: a row is always checked
    /// against its history by hashing its data). It saves hashing data a command did not change.
    /// </summary>
    internal string DataDigest { get; init; } = string.Empty;

    /// <summary>Gets the concurrency version: 1 when started, one more after every command.</summary>
    public required long Version { get; init; }

    /// <summary>Gets the revision of the data (the subject's content): 1 when started, one more after every data change.</summary>
    public long DataRevision { get; init; } = 1;

    /// <summary>Gets the approval round: 1 for the first submission, one more for each resubmission.</summary>
    public int Round { get; init; } = 1;

    /// <summary>Gets who started the instance.</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Gets when the instance started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the instance last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the instance entered its current state.</summary>
    public required DateTimeOffset StateEnteredAt { get; init; }

    /// <summary>Gets when the current state's deadline passes, or <see langword="null"/>.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Gets when the current approval stage was escalated (its deadline's timeout trigger fired), after which its fallback role may decide; <see langword="null"/> when it has not been, and again when the instance enters another state.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>Gets the user who submitted the current round for approval, or <see langword="null"/>.</summary>
    public string? Submitter { get; init; }

    /// <summary>Gets whether the instance has reached a terminal state.</summary>
    public bool IsCompleted { get; init; }

    /// <summary>Gets the decisions of the current approval stage in the current round.</summary>
    public IReadOnlyList<StageDecision> Decisions { get; init; } = [];

    /// <summary>Gets the users the current state waits on (approvers named or resolved from the data).</summary>
    public IReadOnlyList<string> AwaitingUsers { get; init; } = [];

    /// <summary>Gets the roles the current state waits on.</summary>
    public IReadOnlyList<string> AwaitingRoles { get; init; } = [];

    /// <summary>Gets the state of each checklist item.</summary>
    public IReadOnlyList<ChecklistItemState> Checklist { get; init; } = [];

    /// <summary>Gets the instances this one is linked to.</summary>
    public IReadOnlyList<InstanceLink> Links { get; init; } = [];

    /// <summary>Gets the hash of the latest history entry (the head of the hash chain).</summary>
    public string HistoryHead { get; init; } = string.Empty;

    /// <summary>Gets how many history entries the instance has.</summary>
    public long HistoryCount { get; init; }
}
