using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>How an approver is named.</summary>
public enum ApproverKind
{
    /// <summary>A named user.</summary>
    User,

    /// <summary>Everyone holding a role.</summary>
    Role,

    /// <summary>A user found in the instance's data through a path such as <c>owner</c> or <c>owner.manager</c>.</summary>
    Relative,
}

/// <summary>One entry of a stage's approver list. Immutable.</summary>
/// <param name="Kind">How the approver is named.</param>
/// <param name="Value">The user id, the role, or the data path.</param>
public sealed record ApproverDefinition(ApproverKind Kind, string Value);

/// <summary>How many decisions settle a stage.</summary>
public enum ApprovalRuleKind
{
    /// <summary>One decision is enough.</summary>
    Any,

    /// <summary>Every resolved approver must decide.</summary>
    All,

    /// <summary>A number of approvers (<see cref="ApprovalRule.Count"/>).</summary>
    Count,

    /// <summary>A percentage of the resolved approvers, rounded up (<see cref="ApprovalRule.Percent"/>).</summary>
    Percent,
}

/// <summary>A rule that settles a stage: any, all, a count or a percentage. Immutable.</summary>
/// <param name="Kind">The kind of rule.</param>
/// <param name="Count">For <see cref="ApprovalRuleKind.Count"/>, how many; otherwise 0.</param>
/// <param name="Percent">For <see cref="ApprovalRuleKind.Percent"/>, the percentage (1-100); otherwise 0.</param>
public sealed record ApprovalRule(ApprovalRuleKind Kind, int Count = 0, int Percent = 0)
{
    /// <summary>Gets the rule "one decision is enough".</summary>
    public static ApprovalRule Any { get; } = new(ApprovalRuleKind.Any);

    /// <summary>Gets the rule "every approver".</summary>
    public static ApprovalRule All { get; } = new(ApprovalRuleKind.All);

    /// <summary>Creates the rule "at least <paramref name="count"/> approvers".</summary>
    /// <param name="count">How many, 1 or more.</param>
    /// <returns>The rule.</returns>
    public static ApprovalRule AtLeast(int count) => new(ApprovalRuleKind.Count, Count: count);

    /// <summary>Creates the rule "at least <paramref name="percent"/>% of the approvers".</summary>
    /// <param name="percent">The percentage, 1 to 100.</param>
    /// <returns>The rule.</returns>
    public static ApprovalRule AtLeastPercent(int percent) => new(ApprovalRuleKind.Percent, Percent: percent);

    /// <summary>Gets how many decisions out of <paramref name="approvers"/> settle the stage.</summary>
    /// <param name="approvers">How many approvers were resolved.</param>
    /// <returns>The number needed (at least 1).</returns>
    public int Required(int approvers) => Kind switch
    {
        ApprovalRuleKind.Any => 1,
        ApprovalRuleKind.All => System.Math.Max(1, approvers),
        ApprovalRuleKind.Count => Count,
        _ => System.Math.Max(1, (int)System.Math.Ceiling(approvers * Percent / 100m)),
    };

    /// <summary>Formats the rule as files write it: <c>any</c>, <c>all</c>, <c>2</c>, <c>60%</c>.</summary>
    /// <returns>The rule's text.</returns>
    public override string ToString() => Kind switch
    {
        ApprovalRuleKind.Any => "any",
        ApprovalRuleKind.All => "all",
        ApprovalRuleKind.Count => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Percent.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%",
    };
}

/// <summary>Whether the submitter of an instance may decide on it.</summary>
public enum SelfApprovalMode
{
    /// <summary>Never (the default).</summary>
    Forbid,

    /// <summary>Allowed, and the decision is marked as a self-approval in the history.</summary>
    AllowWithAuditMark,

    /// <summary>Allowed only for actors holding one of <see cref="ApprovalStageDefinition.SelfApprovalRoles"/>.</summary>
    AllowForRoles,
}

/// <summary>Which decisions a stage takes.</summary>
public enum DecisionSet
{
    /// <summary>Approve, reject, or request changes.</summary>
    Approval,

    /// <summary>
    /// Approved, approved-with-changes, changes-required, rejected, not-relevant; a stage's outcome is
    /// its worst decision (rejected &gt; changes-required &gt; approved-with-changes &gt; approved; not-relevant does not count).
    /// </summary>
    Review,
}

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

/// <summary>A checklist item: who owns it, when it is due, what it waits for, and who may waive it. Immutable.</summary>
public sealed class ChecklistItemDefinition
{
    internal ChecklistItemDefinition(string id)
    {
        Id = id;
    }

    /// <summary>Gets the item's id, unique in the process.</summary>
    public string Id { get; }

    /// <summary>Gets a human title, or <see langword="null"/>.</summary>
    public string? Title { get; internal init; }

    /// <summary>Gets the role that owns the item, or <see langword="null"/>.</summary>
    public string? OwnerRole { get; internal init; }

    /// <summary>Gets a value indicating whether the item must be done or waived to pass the gate. Default: true.</summary>
    public bool Required { get; internal init; } = true;

    /// <summary>Gets the due expression, a date or datetime relative to the data such as <c>launchAt - 3d</c>, or <see langword="null"/>.</summary>
    public string? Due { get; internal init; }

    /// <summary>Gets the ids of the items that must be done before this one.</summary>
    public IReadOnlyList<string> DependsOn { get; internal init; } = [];

    /// <summary>Gets the roles that may waive the item (with a reason); empty means it cannot be waived.</summary>
    public IReadOnlyList<string> WaivableBy { get; internal init; } = [];
}
