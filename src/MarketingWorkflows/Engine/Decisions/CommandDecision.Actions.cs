using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Expressions.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>"What can I do": every trigger and checklist action of the current state, with the same rules a command meets.</content>
internal sealed partial class CommandDecision
{
    private List<AvailableAction> ListActions(Actor actor)
    {
        var actions = new List<AvailableAction>();
        if (Instance.IsCompleted)
        {
            return actions;
        }

        var acting = ResolveActing(actor);
        var stage = CurrentState.Approval;
        var approvers = stage is null ? [] : Approvers(stage);
        var names = new List<string>();
        if (stage is not null)
        {
            names.AddRange(stage.Decisions == DecisionSet.Review ? [stage.ReviewTrigger] : [stage.ApproveTrigger, stage.RequestChangesTrigger, stage.RejectTrigger]);
        }

        names.AddRange(SelfAndAncestors(CurrentState).SelectMany(s => s.Transitions).Select(t => t.Trigger));
        var context = new ExpressionContext(Instance.Data, EmptyObject, _now) { GuardCalls = _facts.GuardCalls };
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (_definition.FindTrigger(name) is not { } trigger)
            {
                continue;
            }

            var reasons = new List<string>();
            if (acting.DelegationProblem is { } delegation)
            {
                reasons.Add(delegation);
            }

            if ((MissingRole(trigger, acting) ?? NotSubmitter(trigger, actor, acting)) is { } missing)
            {
                reasons.Add(missing);
            }

            var decision = stage is null ? null : ApprovalTally.DecisionFor(stage, name, null);
            if (decision is not null)
            {
                reasons.AddRange(DecisionProblems(stage!, approvers, actor, acting).Select(p => p.Reason));
            }
            else
            {
                if (_shape.MayRequireLinks(name))
                {
                    reasons.AddRange(LinkProblems(name));
                }

                if (trigger.Arguments.Count == 0)
                {
                    // Guards over arguments are checked when the trigger is fired with them.
                    var machine = _process.Machine.CreateMachine(Instance.State);
                    try
                    {
                        if (!machine.CanFire(_process.GetTrigger(name), context, out var unmet))
                        {
                            reasons.AddRange(unmet is { Count: > 0 } ? unmet.Select(g => g + " does not hold") : [$"'{name}' cannot be fired in '{Instance.State}'"]);
                        }
                    }
                    catch (GuardCallFailedException failed)
                    {
                        reasons.Add("the guard's function failed: " + failed.Reason);
                    }
                }
            }

            var commentRequired = trigger.CommentRequired || (decision is not null && ApprovalTally.NeedsComment(decision));
            actions.Add(new AvailableAction(name, trigger.Title ?? name, reasons.Count == 0, reasons, commentRequired));
        }

        if (CurrentState.OnChecklistComplete is not null)
        {
            foreach (var item in _definition.Checklist)
            {
                var current = Instance.Checklist.First(c => c.ItemId == item.Id);
                var action = current.Status == ChecklistItemStatus.Open ? ChecklistAction.Complete : ChecklistAction.Reopen;
                var problem = ChecklistProblem(item, current, action, acting);
                actions.Add(new AvailableAction($"{action}:{item.Id}", $"{action} {item.Title ?? item.Id}", problem is null, problem is null ? [] : [problem.Value.Reason], false));
                if (current.Status == ChecklistItemStatus.Open && item.WaivableBy.Count > 0)
                {
                    var waive = ChecklistProblem(item, current, ChecklistAction.Waive, acting);
                    actions.Add(new AvailableAction($"Waive:{item.Id}", $"Waive {item.Title ?? item.Id}", waive is null, waive is null ? [] : [waive.Value.Reason], true));
                }
            }
        }

        return actions;
    }
}
