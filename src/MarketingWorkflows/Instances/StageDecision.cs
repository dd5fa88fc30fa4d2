using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Instances;

/// <summary>A decision taken in an approval stage.</summary>
/// <param name="Stage">The stage's state.</param>
/// <param name="Round">The approval round.</param>
/// <param name="UserId">Who decided.</param>
/// <param name="OnBehalfOf">For whom, under a delegation; or <see langword="null"/>.</param>
/// <param name="Decision">approved, approved-with-changes, changes-required, rejected or not-relevant.</param>
/// <param name="Comment">The comment, or <see langword="null"/>.</param>
/// <param name="At">When.</param>
/// <param name="SelfApproval">Whether the decider submitted the work (allowed by an audit policy).</param>
public sealed record StageDecision(string Stage, int Round, string UserId, string? OnBehalfOf, string Decision, string? Comment, DateTimeOffset At, bool SelfApproval = false)
{
    /// <summary>Gets whether the decision was taken through the stage's fallback role after an escalation, standing in for every approver.</summary>
    public bool AsFallback { get; init; }

    /// <summary>Gets the roles the decision was taken with (the delegator's delegated roles under a delegation).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The person whose decision this counts as: the delegator when acting on someone's behalf.</summary>
    public string EffectiveUser => OnBehalfOf ?? UserId;
}
