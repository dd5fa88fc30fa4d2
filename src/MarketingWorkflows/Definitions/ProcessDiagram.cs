using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Expressions.Internal;
using MarketingWorkflows.StateMachines.Graph;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// Draws a process definition for the people who run it: approval stages' outcomes named by the
/// decisions that settle them (<c>Approve (all of owner.manager, cmo)</c>) instead of the
/// engine's internal triggers, and each stage's approvers, fallback role and deadline as a note.
/// </summary>
public static class ProcessDiagram
{
    /// <summary>Draws <paramref name="definition"/> as a Mermaid <c>stateDiagram-v2</c>.</summary>
    /// <param name="definition">The process definition.</param>
    /// <param name="direction">The direction of the diagram; <see langword="null"/> leaves Mermaid's default.</param>
    /// <returns>The Mermaid text, ready for a <c>```mermaid</c> block.</returns>
    public static string ToMermaid(ProcessDefinition definition, MermaidGraphDirection? direction = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return MermaidGraph.Format(definition.Compile().Machine.GetInfo(definition.InitialState), direction, Labels(definition));
    }

    /// <summary>Draws <paramref name="definition"/> as a Graphviz DOT digraph.</summary>
    /// <param name="definition">The process definition.</param>
    /// <returns>The DOT text; render it with <c>dot -Tsvg</c>.</returns>
    public static string ToDot(ProcessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return UmlDotGraph.Format(definition.Compile().Machine.GetInfo(definition.InitialState), Labels(definition));
    }

    private static GraphLabels Labels(ProcessDefinition definition) => new()
    {
        Trigger = (state, trigger) => TriggerLabel(definition.FindState(state), trigger),
        Notes = state => definition.FindState(state) is { } found ? Notes(found) : [],
    };

    /// <summary>What an internal outcome trigger means in the state it leaves; <see langword="null"/> for the process's own triggers.</summary>
    private static string? TriggerLabel(StateDefinition? state, string trigger)
    {
        if (trigger == CompiledProcess.ChecklistCompleteTrigger)
        {
            return "every required item done or waived";
        }

        if (state?.Approval is not { } stage)
        {
            return Requirements(state, trigger);
        }

        var review = stage.Decisions == DecisionSet.Review;
        return trigger switch
        {
            ApprovalStageDefinition.ApprovedTrigger when review => $"{stage.ReviewTrigger}: {Rule(stage.ApproveRule)} of {Approvers(stage)} approve",
            ApprovalStageDefinition.ApprovedTrigger => $"{stage.ApproveTrigger} ({Rule(stage.ApproveRule)} of {Approvers(stage)})",
            ApprovalStageDefinition.RejectedTrigger when review => $"{stage.ReviewTrigger}: rejected ({Rule(stage.RejectRule)})",
            ApprovalStageDefinition.RejectedTrigger => $"{stage.RejectTrigger} ({Rule(stage.RejectRule)})",
            ApprovalStageDefinition.ChangesRequestedTrigger when review => $"{stage.ReviewTrigger}: changes required",
            ApprovalStageDefinition.ChangesRequestedTrigger => stage.RequestChangesTrigger,
            ApprovalStageDefinition.MaxRoundsTrigger when review => $"{stage.ReviewTrigger}: changes required in round {stage.MaxRounds}",
            ApprovalStageDefinition.MaxRoundsTrigger => $"{stage.RequestChangesTrigger} in round {stage.MaxRounds}",
            _ => Requirements(state, trigger),
        };
    }

    /// <summary>The trigger with what its transitions need besides their guards: linked instances, a complete checklist.</summary>
    private static string? Requirements(StateDefinition? state, string trigger)
    {
        var needs = new List<string>();
        foreach (var transition in state?.Transitions ?? [])
        {
            if (transition.Trigger == trigger)
            {
                needs.AddRange(transition.RequiresLinked.Select(r => r.ToString()));
                if (transition.RequiresChecklistComplete)
                {
                    needs.Add("every required item done or waived");
                }
            }
        }

        return needs.Count == 0 ? null : $"{trigger} (needs {string.Join(" and ", needs.Distinct(StringComparer.Ordinal))})";
    }

    private static IEnumerable<string> Notes(StateDefinition state)
    {
        if (state.Approval is { } stage)
        {
            var line = $"decided by {Approvers(stage)}";
            if (stage.FallbackRole is { } fallback)
            {
                line += $", fallback {fallback}";
            }

            yield return line;
            if (stage.SelfApproval != SelfApprovalMode.Forbid)
            {
                yield return stage.SelfApproval == SelfApprovalMode.AllowWithAuditMark
                    ? "self-approval allowed, marked in the history"
                    : $"self-approval allowed for {string.Join(", ", stage.SelfApprovalRoles)}";
            }
        }

        if (state.Deadline is { } deadline)
        {
            var due = deadline switch
            {
                { BusinessDays: { } days } => days == 1 ? "1 business day" : $"{days} business days",
                { Duration: { } duration } => DurationText.Format(duration),
                { At: { } at } => "at " + at,
                _ => "?",
            };
            var line = "deadline " + due;
            var before = deadline.Reminders.Where(r => r < TimeSpan.Zero).Select(r => DurationText.Format(-r) + " before").ToList();
            var after = deadline.Reminders.Where(r => r >= TimeSpan.Zero).Select(r => r == TimeSpan.Zero ? "at it" : DurationText.Format(r) + " after").ToList();
            if (before.Count + after.Count > 0)
            {
                line += ", reminders " + string.Join(", ", before.Concat(after));
            }

            yield return deadline.OnTimeout is { } timeout ? line + ", then " + timeout : line;
        }
    }

    private static string Rule(ApprovalRule rule) => rule.Kind switch
    {
        ApprovalRuleKind.Any => "any",
        ApprovalRuleKind.All => "all",
        _ => rule.ToString(),
    };

    private static string Approvers(ApprovalStageDefinition stage)
        => string.Join(", ", stage.Approvers.Select(a => a.Kind == ApproverKind.User ? "user " + a.Value : a.Value));
}
