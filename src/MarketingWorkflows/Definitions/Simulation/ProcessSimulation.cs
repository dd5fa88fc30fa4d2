using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Definitions.Simulation;

/// <summary>What happened to one step of a dry run.</summary>
internal sealed record SimulationOutcome(SimulationStep Step, string From, string To, bool Blocked, string Note);

/// <summary>
/// Runs steps against a compiled definition in memory, with the rules the engine enforces —
/// roles, required comments, argument schemas, guards, approval rules and the self-approval
/// policy — and no store. Decisions in an approval stage are tallied until its rule is met.
/// </summary>
internal sealed class ProcessSimulation
{
    private readonly ProcessDefinition _definition;
    private readonly CompiledProcess _process;
    private readonly JsonElement _data;
    private readonly DateTimeOffset _now;
    private readonly StateMachine<string, string> _machine;
    private readonly Dictionary<string, Vote> _decisions = new(StringComparer.Ordinal);
    private string _state;
    private string? _submitter;
    private bool _escalated;
    private int _round = 1;

    public ProcessSimulation(ProcessDefinition definition, JsonElement data, DateTimeOffset now)
    {
        _definition = definition;
        _process = definition.Compile();
        _data = data;
        _now = now;
        _state = definition.InitialState;
        _machine = _process.CreateMachine(() => _state, s => _state = s);
    }

    public string State => _state;

    public List<SimulationOutcome> History { get; } = [];

    public SimulationOutcome Apply(SimulationStep step)
    {
        var from = _state;
        var blocked = Check(step);
        var outcome = blocked is not null
            ? new SimulationOutcome(step, from, from, true, blocked)
            : Run(step, from);
        History.Add(outcome);
        return outcome;
    }

    private string? Check(SimulationStep step)
    {
        var trigger = _definition.FindTrigger(step.Trigger);
        if (trigger is null)
        {
            return $"there is no trigger '{step.Trigger}'; the triggers are {string.Join(", ", _definition.Triggers.Select(t => t.Name))}";
        }

        if (trigger.Roles.Count > 0 && !trigger.Roles.Intersect(step.Roles, StringComparer.Ordinal).Any())
        {
            return $"{step.Trigger} needs one of the roles {string.Join(", ", trigger.Roles)}; {step.Actor} has {(step.Roles.Count == 0 ? "none" : string.Join(", ", step.Roles))}";
        }

        if (trigger.CommentRequired && string.IsNullOrWhiteSpace(step.Comment))
        {
            return $"{step.Trigger} needs a comment (add '-- your comment' to the step)";
        }

        var errors = _definition.ValidateArguments(step.Trigger, step.Arguments);
        return errors.Count > 0 ? "the arguments are not valid: " + string.Join("; ", errors) : null;
    }

    private SimulationOutcome Run(SimulationStep step, string from)
    {
        var stage = _definition.FindState(_state)?.Approval;
        if (stage is not null && Decision(stage, step) is { } decision)
        {
            return Decide(step, from, stage, decision);
        }

        var note = Fire(step.Trigger, step);
        if (note is not null)
        {
            return new SimulationOutcome(step, from, _state, true, note);
        }

        if (from == _state && _definition.FindState(_state) is { Approval: not null, Deadline.OnTimeout: { } timeout } && timeout == step.Trigger)
        {
            _escalated = true;
            return new SimulationOutcome(step, from, _state, false, "escalated: the stage's fallback role may now decide");
        }

        EnteredStage(from, step.Actor);
        var unseen = Unseen(from, step.Trigger);
        return new SimulationOutcome(step, from, _state, false, from == _state ? "recorded; the state is unchanged" + unseen : unseen.TrimStart(';', ' '));
    }

    /// <summary>What the transition needs that a dry run cannot see (linked instances, the checklist), as a note; empty when nothing.</summary>
    private string Unseen(string from, string trigger)
    {
        var needs = new List<string>();
        for (var state = _definition.FindState(from); state is not null; state = state.Parent is null ? null : _definition.FindState(state.Parent))
        {
            foreach (var transition in state.Transitions.Where(t => t.Trigger == trigger))
            {
                needs.AddRange(transition.RequiresLinked.Select(r => r.ToString()));
                if (transition.RequiresChecklistComplete)
                {
                    needs.Add("every required checklist item is done or waived");
                }
            }
        }

        return needs.Count == 0 ? string.Empty : "; not checked in a dry run: " + string.Join("; ", needs.Distinct(StringComparer.Ordinal));
    }

    private string? Fire(string trigger, SimulationStep step)
    {
        var context = new ExpressionContext(_data, step.Arguments, _now);
        try
        {
            _machine.Fire(_process.GetTrigger(trigger), context);
            return null;
        }
        catch (TriggerNotPermittedException ex)
        {
            if (ex.UnmetGuards.Count > 0)
            {
                return $"{trigger} is not allowed now: {string.Join("; ", ex.UnmetGuards)} does not hold";
            }

            var permitted = _machine.GetPermittedTriggers(context).Where(t => !t.StartsWith("stage.", StringComparison.Ordinal)).ToArray();
            return $"{trigger} cannot be fired in {_state}; allowed here: {(permitted.Length == 0 ? "nothing" : string.Join(", ", permitted))}";
        }
        catch (ExpressionEvaluationException ex)
        {
            return "a guard failed: " + ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static string? Decision(ApprovalStageDefinition stage, SimulationStep step)
        => ApprovalTally.DecisionFor(stage, step.Trigger, step.Arguments.ValueKind == JsonValueKind.Object ? step.Arguments : null);

    private SimulationOutcome Decide(SimulationStep step, string from, ApprovalStageDefinition stage, string decision)
    {
        var allowed = stage.Decisions == DecisionSet.Review ? ApprovalTally.ReviewDecisions : ApprovalTally.ApprovalDecisions;
        if (!allowed.Contains(decision, StringComparer.Ordinal))
        {
            return new SimulationOutcome(step, from, from, true, $"'{decision}' is not a decision; decisions are {string.Join(", ", allowed)}");
        }

        if (ApprovalTally.NeedsComment(decision) && string.IsNullOrWhiteSpace(step.Comment))
        {
            return new SimulationOutcome(step, from, from, true, $"{step.Trigger} ({decision}) needs a comment (add '-- your comment' to the step)");
        }

        var approvers = ApprovalTally.Resolve(stage, _data);
        if (!ApprovalTally.MayDecide(stage, approvers, step.Actor, step.Roles, _escalated))
        {
            var unresolved = stage.Approvers.Any(a => a.Kind == ApproverKind.Relative && a.Value.Contains('.', StringComparison.Ordinal)) ? " (managers are not resolved in a dry run)" : string.Empty;
            return new SimulationOutcome(step, from, from, true, $"{step.Actor} is not an approver of {from}; approvers: {ApprovalTally.Describe(stage, approvers)}{unresolved}");
        }

        var note = string.Empty;
        if (step.Actor == _submitter)
        {
            switch (stage.SelfApproval)
            {
                case SelfApprovalMode.Forbid:
                    return new SimulationOutcome(step, from, from, true, $"{step.Actor} submitted this and may not decide on it: self-approval is forbidden in {from}");
                case SelfApprovalMode.AllowForRoles when !stage.SelfApprovalRoles.Intersect(step.Roles, StringComparer.Ordinal).Any():
                    return new SimulationOutcome(step, from, from, true, $"{step.Actor} submitted this; in {from} only {string.Join(", ", stage.SelfApprovalRoles)} may decide on their own submission");
                default:
                    note = "self-approval, marked for audit; ";
                    break;
            }
        }

        if (stage.Decisions == DecisionSet.Approval && _decisions.ContainsKey(step.Actor))
        {
            return new SimulationOutcome(step, from, from, true, $"{step.Actor} already decided in this round ({_decisions[step.Actor].Decision})");
        }

        // A decision can be changed until the round closes: the latest one per person counts.
        _decisions[step.Actor] = new Vote(step.Actor, step.Roles, decision, !ApprovalTally.IsApprover(approvers, step.Actor, step.Roles));
        var outcome = ApprovalTally.Outcome(stage, approvers, [.. _decisions.Values], _round);
        if (outcome is null)
        {
            return new SimulationOutcome(step, from, from, false, note + $"decision recorded ({Tally()})");
        }

        var fired = Fire(outcome, step);
        if (fired is not null)
        {
            return new SimulationOutcome(step, from, _state, true, fired);
        }

        _decisions.Clear();
        EnteredStage(from, _submitter);
        return new SimulationOutcome(step, from, _state, false, note + $"the stage is settled: {outcome["stage.".Length..]}");
    }

    private string Tally()
    {
        var groups = _decisions.Values.GroupBy(v => v.Decision).Select(g => $"{g.Count()} {g.Key}");
        return string.Join(", ", groups);
    }

    private void EnteredStage(string from, string? actor)
    {
        if (from == _state)
        {
            return;
        }

        _decisions.Clear();
        _escalated = false;
        var enteredStage = _definition.FindState(_state)?.Approval is not null;
        var cameFromStage = _definition.FindState(from)?.Approval is not null;
        if (enteredStage && !cameFromStage)
        {
            _round = _submitter is null ? _round : _round + 1;
            _submitter = actor;
        }
    }
}
