using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>An approver after relative approvers are resolved: a user or a role.</summary>
/// <param name="IsRole">Whether <paramref name="Value"/> is a role (otherwise a user id).</param>
/// <param name="Value">The user id or role.</param>
/// <param name="Label">How the definition named it, for messages.</param>
internal readonly record struct ResolvedApprover(bool IsRole, string Value, string Label);

/// <summary>One person's decision, as the tally counts it.</summary>
/// <param name="User">The person (the delegator when decided under a delegation).</param>
/// <param name="Roles">The roles the decision was taken with.</param>
/// <param name="Decision">The decision.</param>
/// <param name="AsFallback">Whether it was taken through the fallback role after an escalation, standing in for every approver.</param>
internal readonly record struct Vote(string User, IReadOnlyList<string> Roles, string Decision, bool AsFallback = false);

/// <summary>
/// The rules of approval stages, shared by the engine and the dry-run simulator: who may decide,
/// how decisions add up to an outcome, and whom a stage still waits on.
/// </summary>
internal static class ApprovalTally
{
    public const string Approved = "approved";
    public const string ApprovedWithChanges = "approved-with-changes";
    public const string ChangesRequired = "changes-required";
    public const string Rejected = "rejected";
    public const string NotRelevant = "not-relevant";

    public static readonly string[] ReviewDecisions = [Approved, ApprovedWithChanges, ChangesRequired, Rejected, NotRelevant];

    public static readonly string[] ApprovalDecisions = [Approved, Rejected, ChangesRequired];

    /// <summary>Maps a trigger fired in a stage to the decision it records, or null when it is not a decision trigger.</summary>
    public static string? DecisionFor(ApprovalStageDefinition stage, string trigger, JsonElement? arguments)
    {
        if (stage.Decisions == DecisionSet.Review && trigger == stage.ReviewTrigger)
        {
            return arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty("decision", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() ?? string.Empty
                : string.Empty;
        }

        if (trigger == stage.ApproveTrigger)
        {
            return Approved;
        }

        if (trigger == stage.RejectTrigger)
        {
            return Rejected;
        }

        return trigger == stage.RequestChangesTrigger ? ChangesRequired : null;
    }

    /// <summary>Gets the trigger that records a decision in a stage.</summary>
    public static string TriggerFor(ApprovalStageDefinition stage, string decision)
    {
        if (stage.Decisions == DecisionSet.Review)
        {
            return stage.ReviewTrigger;
        }

        return decision switch
        {
            Approved => stage.ApproveTrigger,
            Rejected => stage.RejectTrigger,
            ChangesRequired => stage.RequestChangesTrigger,
            _ => throw new CommandValidationException(
                $"'{decision}' is not a decision in an approval stage; the decisions are {string.Join(", ", ApprovalDecisions)}.",
                [new DataError("decision", $"must be one of {string.Join(", ", ApprovalDecisions)}")]),
        };
    }

    /// <summary>Gets whether a decision needs a comment: rejections and change requests always do.</summary>
    public static bool NeedsComment(string decision) => decision is Rejected or ChangesRequired;

    /// <summary>
    /// Resolves relative approvers against the data and the managers known (<c>owner.manager</c>
    /// is the manager of the user in the <c>owner</c> field); one that resolves to nobody becomes
    /// the stage's fallback role.
    /// </summary>
    public static IReadOnlyList<ResolvedApprover> Resolve(ApprovalStageDefinition stage, JsonElement data, IReadOnlyDictionary<string, string> managers)
    {
        var resolved = new List<ResolvedApprover>(stage.Approvers.Count);
        foreach (var approver in stage.Approvers)
        {
            string? user = null;
            if (approver.Kind == ApproverKind.Relative)
            {
                var segments = approver.Value.Split('.');
                user = UserIn(data, segments[0]);
                for (var i = 1; i < segments.Length && !string.IsNullOrEmpty(user); i++)
                {
                    user = managers.GetValueOrDefault(user);
                }
            }

            Add(resolved, stage, approver, user);
        }

        return resolved;
    }

    /// <summary>Gets the users whose managers <see cref="Resolve"/> may ask for, with the depth of the chain: the users in the fields relative approvers start from.</summary>
    public static IEnumerable<(string User, int Depth)> ManagerLookups(ProcessDefinition definition, JsonElement data)
    {
        foreach (var stage in definition.States.Select(s => s.Approval).OfType<ApprovalStageDefinition>())
        {
            foreach (var approver in stage.Approvers.Where(a => a.Kind == ApproverKind.Relative && a.Value.Contains('.', StringComparison.Ordinal)))
            {
                var segments = approver.Value.Split('.');
                if (UserIn(data, segments[0]) is { Length: > 0 } user)
                {
                    yield return (user, segments.Length - 1);
                }
            }
        }
    }

    private static string? UserIn(JsonElement data, string field)
        => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void Add(List<ResolvedApprover> resolved, ApprovalStageDefinition stage, ApproverDefinition approver, string? relativeUser)
    {
        switch (approver.Kind)
        {
            case ApproverKind.User:
                resolved.Add(new ResolvedApprover(false, approver.Value, approver.Value));
                break;
            case ApproverKind.Role:
                resolved.Add(new ResolvedApprover(true, approver.Value, "role " + approver.Value));
                break;
            case ApproverKind.Relative when !string.IsNullOrEmpty(relativeUser):
                resolved.Add(new ResolvedApprover(false, relativeUser, $"{relativeUser} ({approver.Value})"));
                break;
            case ApproverKind.Relative when stage.FallbackRole is { } fallback:
                resolved.Add(new ResolvedApprover(true, fallback, $"role {fallback} (for {approver.Value}, who resolves to nobody)"));
                break;
        }
    }

    public static bool Matches(ResolvedApprover approver, string user, IReadOnlyList<string> roles)
        => approver.IsRole ? roles.Contains(approver.Value, StringComparer.Ordinal) : approver.Value == user;

    /// <summary>Gets whether a person matches one of the stage's approvers.</summary>
    public static bool IsApprover(IReadOnlyList<ResolvedApprover> approvers, string user, IReadOnlyList<string> roles)
    {
        foreach (var approver in approvers)
        {
            if (Matches(approver, user, roles))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets whether a person may decide: they match an approver, or, once the stage is escalated, hold its fallback role (which then stands in for every approver).</summary>
    public static bool MayDecide(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, string user, IReadOnlyList<string> roles, bool escalated)
        => IsApprover(approvers, user, roles)
            || (escalated && stage.FallbackRole is { } fallback && roles.Contains(fallback, StringComparer.Ordinal));

    public static string Describe(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers)
        => string.Join(", ", approvers.Select(a => a.Label).Concat(stage.FallbackRole is null ? [] : ["fallback role " + stage.FallbackRole]).Distinct(StringComparer.Ordinal));

    /// <summary>Works out the stage's outcome trigger from the decisions so far in round <paramref name="round"/>, or null while it is still open.</summary>
    public static string? Outcome(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, IReadOnlyList<Vote> votes, int round)
    {
        var outcome = stage.Decisions == DecisionSet.Review ? ReviewOutcome(stage, approvers, votes) : ApprovalOutcome(stage, approvers, votes);
        return outcome switch
        {
            ApprovalStageDefinition.RejectedTrigger when string.IsNullOrEmpty(stage.OnRejected) => null,
            ApprovalStageDefinition.ChangesRequestedTrigger when stage.MaxRounds is { } max && round >= max && !string.IsNullOrEmpty(stage.OnMaxRounds) => ApprovalStageDefinition.MaxRoundsTrigger,
            ApprovalStageDefinition.ChangesRequestedTrigger when string.IsNullOrEmpty(stage.OnChangesRequested) => null,
            _ => outcome,
        };
    }

    /// <summary>Lists whom the stage still waits on: approvers without a decision (for a review stage, groups without an outcome).</summary>
    public static (string[] Users, string[] Roles) Awaiting(IReadOnlyList<ResolvedApprover> approvers, IReadOnlyList<Vote> votes, string? fallbackRole)
    {
        var users = new List<string>();
        var roles = new List<string>();
        if (fallbackRole is not null && approvers.Any(a => !votes.Any(v => v.Decision != NotRelevant && Counts(v, a))))
        {
            roles.Add(fallbackRole);
        }

        foreach (var approver in approvers)
        {
            if (votes.Any(v => v.Decision != NotRelevant && Counts(v, approver)))
            {
                continue;
            }

            (approver.IsRole ? roles : users).Add(approver.Value);
        }

        return ([.. users.Distinct(StringComparer.Ordinal)], [.. roles.Distinct(StringComparer.Ordinal)]);
    }

    private static bool Counts(Vote vote, ResolvedApprover approver)
        => vote.AsFallback || Matches(approver, vote.User, vote.Roles);

    private static string? ApprovalOutcome(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, IReadOnlyList<Vote> votes)
    {
        var rejections = votes.Where(v => v.Decision == Rejected).ToList();
        if (Met(stage, stage.RejectRule, approvers, rejections))
        {
            return ApprovalStageDefinition.RejectedTrigger;
        }

        if (votes.Any(v => v.Decision == ChangesRequired))
        {
            return ApprovalStageDefinition.ChangesRequestedTrigger;
        }

        var approvals = votes.Where(v => v.Decision is Approved or ApprovedWithChanges).ToList();
        return Met(stage, stage.ApproveRule, approvers, approvals) ? ApprovalStageDefinition.ApprovedTrigger : null;
    }

    private static string? ReviewOutcome(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, IReadOnlyList<Vote> votes)
    {
        // The reject rule settles a round at once (by default one rejection); everything else waits
        // until the groups the approve rule needs have spoken, then the worst decision wins.
        // Not-relevant never counts: it neither settles a group nor enters the roll-up.
        var rejections = votes.Where(v => v.Decision == Rejected).ToList();
        if (Met(stage, stage.RejectRule, approvers, rejections))
        {
            return ApprovalStageDefinition.RejectedTrigger;
        }

        var groupOutcomes = approvers
            .Select(a => votes.Where(v => v.Decision != NotRelevant && Counts(v, a)).Select(v => v.Decision).DefaultIfEmpty().MaxBy(Severity))
            .Where(d => d is not null)
            .Select(d => d!)
            .ToList();
        var counted = votes.Count(v => v.Decision != NotRelevant);
        var closed = stage.ApproveRule.Kind switch
        {
            _ when approvers.Count == 0 => counted > 0,
            ApprovalRuleKind.Any => groupOutcomes.Count > 0,
            ApprovalRuleKind.All => groupOutcomes.Count == approvers.Count,
            ApprovalRuleKind.Count => counted >= stage.ApproveRule.Count || groupOutcomes.Count == approvers.Count,
            _ => groupOutcomes.Count >= stage.ApproveRule.Required(approvers.Count),
        };
        if (!closed)
        {
            return null;
        }

        var worst = groupOutcomes.Concat(votes.Where(v => v.Decision != NotRelevant).Select(v => v.Decision)).MaxBy(Severity);
        return worst switch
        {
            Rejected => ApprovalStageDefinition.RejectedTrigger,
            ChangesRequired => ApprovalStageDefinition.ChangesRequestedTrigger,
            _ => ApprovalStageDefinition.ApprovedTrigger,
        };
    }

    /// <summary>Orders review decisions worst last: rejected &gt; changes-required &gt; approved-with-changes &gt; approved &gt; not-relevant.</summary>
    public static int Severity(string? decision) => decision switch
    {
        Rejected => 4,
        ChangesRequired => 3,
        ApprovedWithChanges => 2,
        Approved => 1,
        NotRelevant => 0,
        _ => -1,
    };

    private static bool Met(ApprovalStageDefinition stage, ApprovalRule rule, IReadOnlyList<ResolvedApprover> approvers, List<Vote> deciders)
    {
        if (deciders.Count == 0)
        {
            return false;
        }

        var entries = approvers.Count;
        var satisfied = approvers.Count(a => deciders.Any(d => Counts(d, a)));
        return rule.Kind switch
        {
            ApprovalRuleKind.Any => true,
            ApprovalRuleKind.All => entries == 0 || satisfied == entries,
            ApprovalRuleKind.Count => deciders.Count >= rule.Count,
            _ => entries == 0 || satisfied >= rule.Required(entries),
        };
    }
}
