using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>Decisions in approval stages: who may decide, self-approval, one decision per person per round, and the outcome.</content>
internal sealed partial class CommandDecision
{
    private void ApplyDecision(ApprovalStageDefinition stage, string decision, ProcessCommand command, JsonElement arguments, Acting acting)
    {
        var allowed = stage.Decisions == DecisionSet.Review ? ApprovalTally.ReviewDecisions : ApprovalTally.ApprovalDecisions;
        if (!allowed.Contains(decision, StringComparer.Ordinal))
        {
            throw new CommandValidationException($"'{decision}' is not a decision in '{Instance.State}'; the decisions are {string.Join(", ", allowed)}.", [new DataError("args.decision", $"must be one of {string.Join(", ", allowed)}")]);
        }

        if (ApprovalTally.NeedsComment(decision))
        {
            CheckComment(command.Comment, true, $"{command.Trigger} ({decision})");
        }

        var approvers = Approvers(stage);
        var problems = DecisionProblems(stage, approvers, command.Actor, acting);
        if (problems.Count > 0)
        {
            var first = problems[0];
            throw first.Forbidden ? new CommandForbiddenException(Id, command.Actor.UserId, command.Trigger, first.Reason) : NotPermitted(command.Trigger, first.Reason);
        }

        var self = IsSubmitter(command.Actor, acting);
        var from = Instance.State;
        var asFallback = !ApprovalTally.IsApprover(approvers, acting.User, acting.Roles);
        var taken = new StageDecision(from, Instance.Round, command.Actor.UserId, command.Actor.OnBehalfOf, decision, command.Comment, _now, self) { Roles = acting.Roles, AsFallback = asFallback };

        // A decision can be changed until the round closes: a person's latest decision replaces their earlier one.
        Instance = Instance with { Decisions = [.. Instance.Decisions.Where(d => d.EffectiveUser != acting.User), taken] };
        var outcome = ApprovalTally.Outcome(stage, approvers, Votes(), Instance.Round);
        var to = from;
        if (outcome is not null)
        {
            to = FireKernel(outcome, EmptyObject, command.Trigger);
            Enter(from, to, acting.User);
        }

        Record(HistoryKind.Decision, command.Trigger, decision, command.Actor, from, to, command.Comment, arguments.GetPropertyCount() > 0 ? arguments.Clone() : null, self);
        Emit(ProcessEventTypes.DecisionRecorded, command.Actor, command.Trigger, decision, from, to, null);
        if (to != from)
        {
            Emit(to, command.Actor, command.Trigger, decision, from, to, null);
        }
    }

    /// <summary>Lists why a person may not decide in the stage now; empty when they may.</summary>
    private List<(bool Forbidden, string Reason)> DecisionProblems(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, Actor actor, Acting acting)
    {
        var problems = new List<(bool, string)>();
        if (!ApprovalTally.MayDecide(stage, approvers, acting.User, acting.Roles, Instance.EscalatedAt is not null))
        {
            problems.Add((true, $"{Who(actor)} is not an approver of '{Instance.State}'; its approvers are {ApprovalTally.Describe(stage, approvers)}"));
        }

        if (IsSubmitter(actor, acting))
        {
            switch (stage.SelfApproval)
            {
                case SelfApprovalMode.Forbid:
                    problems.Add((true, $"{Who(actor)} submitted this round and may not decide on it: self-approval is forbidden in '{Instance.State}'"));
                    break;
                case SelfApprovalMode.AllowForRoles when !acting.HasAny(stage.SelfApprovalRoles):
                    problems.Add((true, $"{Who(actor)} submitted this round; in '{Instance.State}' only {string.Join(", ", stage.SelfApprovalRoles)} may decide on their own submission"));
                    break;
            }
        }

        if (stage.Decisions == DecisionSet.Approval && Instance.Decisions.FirstOrDefault(d => d.EffectiveUser == acting.User) is { } earlier)
        {
            problems.Add((false, $"{acting.User} already decided in this round: {earlier.Decision} by {earlier.UserId} at {earlier.At:yyyy-MM-dd HH:mm} UTC"));
        }

        return problems;
    }

    /// <summary>Resolves the stage's approvers against the instance's data and the managers the facts know.</summary>
    private IReadOnlyList<ResolvedApprover> Approvers(ApprovalStageDefinition stage) => ApprovalTally.Resolve(stage, Instance.Data, _facts.Managers);

    private List<Vote> Votes() => [.. Instance.Decisions.Select(d => new Vote(d.EffectiveUser, d.Roles, d.Decision, d.AsFallback))];

    private bool IsSubmitter(Actor actor, Acting acting)
        => Instance.Submitter is { } submitter && (submitter == actor.UserId || submitter == acting.User);

    private static string Who(Actor actor) => actor.OnBehalfOf is null ? actor.UserId : $"{actor.UserId} (on behalf of {actor.OnBehalfOf})";
}
