using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// The approval stage a state runs: who decides, how many decisions settle it, and where each
/// outcome leads. A stage whose <see cref="When"/> condition is false is skipped: entering it
/// moves straight on to its <see cref="OnApproved"/> state. Immutable.
/// </summary>
public sealed class ApprovalStageDefinition
{
    internal ApprovalStageDefinition()
    {
    }

    /// <summary>Gets the condition under which the stage applies, or <see langword="null"/> for always.</summary>
    public string? When { get; internal init; }

    /// <summary>Gets the approvers.</summary>
    public IReadOnlyList<ApproverDefinition> Approvers { get; internal init; } = [];

    /// <summary>Gets the role that decides when no approver resolves to anyone, or <see langword="null"/>.</summary>
    public string? FallbackRole { get; internal init; }

    /// <summary>Gets the rule that approves the stage. Default: any.</summary>
    public ApprovalRule ApproveRule { get; internal init; } = ApprovalRule.Any;

    /// <summary>Gets the rule that rejects the stage. Default: any single rejection.</summary>
    public ApprovalRule RejectRule { get; internal init; } = ApprovalRule.Any;

    /// <summary>Gets the self-approval policy. Default: forbid.</summary>
    public SelfApprovalMode SelfApproval { get; internal init; } = SelfApprovalMode.Forbid;

    /// <summary>Gets the roles allowed to approve their own submission under <see cref="SelfApprovalMode.AllowForRoles"/>.</summary>
    public IReadOnlyList<string> SelfApprovalRoles { get; internal init; } = [];

    /// <summary>Gets the decision set. Default: approval.</summary>
    public DecisionSet Decisions { get; internal init; } = DecisionSet.Approval;

    /// <summary>Gets the state the process moves to when the stage is approved.</summary>
    public string OnApproved { get; internal init; } = string.Empty;

    /// <summary>Gets the state the process moves to when the stage is rejected, or <see langword="null"/>.</summary>
    public string? OnRejected { get; internal init; }

    /// <summary>Gets the state the process moves to when changes are requested, or <see langword="null"/>.</summary>
    public string? OnChangesRequested { get; internal init; }

    /// <summary>
    /// Gets the most rounds the stage runs before a request for changes goes to
    /// <see cref="OnMaxRounds"/> instead of <see cref="OnChangesRequested"/>, or <see langword="null"/> for no limit.
    /// </summary>
    public int? MaxRounds { get; internal init; }

    /// <summary>Gets the state the process moves to when changes are requested in round <see cref="MaxRounds"/> or later (someone decides whether review goes on), or <see langword="null"/>.</summary>
    public string? OnMaxRounds { get; internal init; }

    /// <summary>Gets the trigger that records an approval. Default: <c>Approve</c>.</summary>
    public string ApproveTrigger { get; internal init; } = "Approve";

    /// <summary>Gets the trigger that records a rejection. Default: <c>Reject</c>.</summary>
    public string RejectTrigger { get; internal init; } = "Reject";

    /// <summary>Gets the trigger that records a request for changes. Default: <c>RequestChanges</c>.</summary>
    public string RequestChangesTrigger { get; internal init; } = "RequestChanges";

    /// <summary>Gets the trigger that records a review decision (its <c>decision</c> argument) in a review stage. Default: <c>Review</c>.</summary>
    public string ReviewTrigger { get; internal init; } = "Review";

    /// <summary>The kernel trigger fired when a stage's approve rule is met.</summary>
    public const string ApprovedTrigger = "stage.approved";

    /// <summary>The kernel trigger fired when a stage's reject rule is met.</summary>
    public const string RejectedTrigger = "stage.rejected";

    /// <summary>The kernel trigger fired when changes are requested.</summary>
    public const string ChangesRequestedTrigger = "stage.changesRequested";

    /// <summary>The internal trigger fired when changes are requested and the stage has run its <see cref="MaxRounds"/>.</summary>
    public const string MaxRoundsTrigger = "stage.maxRounds";
}
