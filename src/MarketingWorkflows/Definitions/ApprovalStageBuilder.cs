using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Configures an approval stage.</summary>
public sealed class ApprovalStageBuilder
{
    private readonly List<ApproverDefinition> _approvers = [];
    private string? _when;
    private string? _fallbackRole;
    private ApprovalRule _approveRule = ApprovalRule.Any;
    private ApprovalRule _rejectRule = ApprovalRule.Any;
    private SelfApprovalMode _selfApproval = SelfApprovalMode.Forbid;
    private IReadOnlyList<string> _selfApprovalRoles = [];
    private DecisionSet _decisions = DecisionSet.Approval;
    private string _onApproved = string.Empty;
    private string? _onRejected;
    private string? _onChangesRequested;
    private int? _maxRounds;
    private string? _onMaxRounds;
    private string _approveTrigger = "Approve";
    private string _rejectTrigger = "Reject";
    private string _requestChangesTrigger = "RequestChanges";
    private string _reviewTrigger = "Review";

    internal ApprovalStageBuilder()
    {
    }

    /// <summary>Applies the stage only when a condition holds; otherwise it is skipped.</summary>
    /// <param name="condition">The condition, such as <c>budget.amount &gt;= 10000</c>.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder When(string condition)
    {
        _when = condition;
        return this;
    }

    /// <summary>Adds a named user as an approver.</summary>
    /// <param name="userId">The user's id.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder User(string userId) => Approver(ApproverKind.User, userId);

    /// <summary>Adds everyone holding a role as approvers.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Role(string role) => Approver(ApproverKind.Role, role);

    /// <summary>Adds the user found in the data at a path, such as <c>owner.manager</c>.</summary>
    /// <param name="path">The data path.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Relative(string path) => Approver(ApproverKind.Relative, path);

    /// <summary>Sets the role that decides when no approver resolves to anyone.</summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder FallbackRole(string role)
    {
        _fallbackRole = role;
        return this;
    }

    /// <summary>Sets the rule that approves the stage (default: any).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder ApproveWhen(ApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _approveRule = rule;
        return this;
    }

    /// <summary>Sets the rule that rejects the stage (default: any single rejection).</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder RejectWhen(ApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rejectRule = rule;
        return this;
    }

    /// <summary>Sets the self-approval policy (default: forbid).</summary>
    /// <param name="mode">The policy.</param>
    /// <param name="roles">For <see cref="SelfApprovalMode.AllowForRoles"/>, the roles allowed.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder SelfApproval(SelfApprovalMode mode, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _selfApproval = mode;
        _selfApprovalRoles = [.. roles];
        return this;
    }

    /// <summary>Sets the decision set (default: approval).</summary>
    /// <param name="decisions">The decision set.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder Decisions(DecisionSet decisions)
    {
        _decisions = decisions;
        return this;
    }

    /// <summary>Sets where the process goes when the stage is approved (or skipped).</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnApproved(string state)
    {
        _onApproved = state;
        return this;
    }

    /// <summary>Sets where the process goes when the stage is rejected.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnRejected(string state)
    {
        _onRejected = state;
        return this;
    }

    /// <summary>Sets where the process goes when changes are requested.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder OnChangesRequested(string state)
    {
        _onChangesRequested = state;
        return this;
    }

    /// <summary>Limits the rounds: a request for changes in round <paramref name="rounds"/> or later goes to <paramref name="state"/> instead of the changes-requested state.</summary>
    /// <param name="rounds">How many rounds, 1 or more.</param>
    /// <param name="state">Where the process goes then, such as a stage in which someone decides whether review goes on.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder MaxRounds(int rounds, string state)
    {
        _maxRounds = rounds;
        _onMaxRounds = state;
        return this;
    }

    /// <summary>Names the triggers that record decisions in this stage, such as <c>Go</c> and <c>NoGo</c>; a <see langword="null"/> keeps the default.</summary>
    /// <param name="approve">Records an approval. Default: <c>Approve</c>.</param>
    /// <param name="reject">Records a rejection. Default: <c>Reject</c>.</param>
    /// <param name="requestChanges">Records a request for changes. Default: <c>RequestChanges</c>.</param>
    /// <param name="review">Records a review decision in a review stage. Default: <c>Review</c>.</param>
    /// <returns>This builder.</returns>
    public ApprovalStageBuilder DecisionTriggers(string? approve = null, string? reject = null, string? requestChanges = null, string? review = null)
    {
        _approveTrigger = approve ?? _approveTrigger;
        _rejectTrigger = reject ?? _rejectTrigger;
        _requestChangesTrigger = requestChanges ?? _requestChangesTrigger;
        _reviewTrigger = review ?? _reviewTrigger;
        return this;
    }

    private ApprovalStageBuilder Approver(ApproverKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _approvers.Add(new ApproverDefinition(kind, value));
        return this;
    }

    internal ApprovalStageDefinition Build() => new()
    {
        When = _when,
        Approvers = [.. _approvers],
        FallbackRole = _fallbackRole,
        ApproveRule = _approveRule,
        RejectRule = _rejectRule,
        SelfApproval = _selfApproval,
        SelfApprovalRoles = _selfApprovalRoles,
        Decisions = _decisions,
        OnApproved = _onApproved,
        OnRejected = _onRejected,
        OnChangesRequested = _onChangesRequested,
        MaxRounds = _maxRounds,
        OnMaxRounds = _onMaxRounds,
        ApproveTrigger = _approveTrigger,
        RejectTrigger = _rejectTrigger,
        RequestChangesTrigger = _requestChangesTrigger,
        ReviewTrigger = _reviewTrigger,
    };
}
