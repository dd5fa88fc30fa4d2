using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;
using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>Triggers fired by people: who may fire them, their arguments, guards and the state they lead to.</content>
internal sealed partial class CommandDecision
{
    private void ApplyFire(ProcessCommand command)
    {
        var trigger = _definition.FindTrigger(command.Trigger)
            ?? throw NotPermitted(command.Trigger, $"the process '{_definition.Id}' has no trigger '{command.Trigger}'; its triggers are {string.Join(", ", _definition.Triggers.Select(t => t.Name))}");
        EnsureOpen(command.Trigger);
        var acting = ResolveActing(command.Actor);
        ThrowIfDelegationInvalid(acting, command.Actor, command.Trigger);
        CheckComment(command.Comment, trigger.CommentRequired, trigger.Name);
        if ((MissingRole(trigger, acting) ?? NotSubmitter(trigger, command.Actor, acting)) is { } missing)
        {
            throw new CommandForbiddenException(Id, command.Actor.UserId, trigger.Name, missing);
        }

        var arguments = command.Arguments ?? EmptyObject;
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException($"The arguments of '{trigger.Name}' must be a JSON object, not {arguments.ValueKind}.", [new DataError("args", "must be an object")]);
        }

        var errors = trigger.Arguments.Count == 0 && arguments.GetPropertyCount() == 0 ? [] : _definition.ValidateArguments(trigger.Name, arguments);
        if (errors.Count > 0)
        {
            throw new CommandValidationException($"The arguments of '{trigger.Name}' are not valid: {string.Join("; ", errors)}.", errors);
        }

        if (CurrentState.Approval is { } stage && ApprovalTally.DecisionFor(stage, trigger.Name, arguments) is { } decision)
        {
            ApplyDecision(stage, decision, command, arguments, acting);
        }
        else
        {
            ApplyTransition(trigger, command, arguments, acting);
        }

        RefreshAwaiting();
    }

    private void ApplyTransition(TriggerDefinition trigger, ProcessCommand command, JsonElement arguments, Acting acting)
    {
        var from = Instance.State;
        if (_shape.MayRequireLinks(trigger.Name) && LinkProblems(trigger.Name) is { Count: > 0 } linkProblems)
        {
            throw new CommandNotPermittedException(Id, from, trigger.Name, linkProblems);
        }

        var to = FireKernel(trigger.Name, arguments, trigger.Name);
        MarkEscalated(from, to, trigger.Name);
        if (trigger.SetsData && arguments.GetPropertyCount() > 0)
        {
            var merged = Merge(Instance.Data, arguments);
            ValidateData(merged, $"The data after '{trigger.Name}'");
            SetData(merged);
        }

        Enter(from, to, acting.User);
        Record(HistoryKind.Transition, trigger.Name, null, command.Actor, from, to, command.Comment, arguments.GetPropertyCount() > 0 ? arguments.Clone() : null);
        Emit(to != from ? to : ProcessEventTypes.Recorded, command.Actor, trigger.Name, null, from, to, null);
    }

    /// <summary>Marks an approval stage escalated when its deadline's timeout trigger kept it in place: from then on its fallback role may decide.</summary>
    private void MarkEscalated(string from, string to, string trigger)
    {
        if (to == from && CurrentState is { Approval: not null, Deadline.OnTimeout: { } timeout } && timeout == trigger)
        {
            Instance = Instance with { EscalatedAt = _now };
        }
    }

    /// <summary>Fires a trigger on the kernel over the instance's state and returns the new state; a refusal becomes a typed exception.</summary>
    private string FireKernel(string trigger, JsonElement arguments, string label)
    {
        var machine = _process.Machine.CreateMachine(Instance.State);
        var context = new ExpressionContext(Instance.Data, arguments, _now) { GuardCalls = _facts.GuardCalls };
        try
        {
            machine.Fire(_process.GetTrigger(trigger), context);
        }
        catch (TriggerNotPermittedException ex)
        {
            if (ex.UnmetGuards.Count > 0)
            {
                throw new CommandNotPermittedException(Id, Instance.State, label, [.. ex.UnmetGuards.Select(g => g + " does not hold")]);
            }

            throw NotPermitted(label, $"'{label}' cannot be fired in '{Instance.State}'; allowed here: {DescribePermitted()}");
        }
        catch (ExpressionEvaluationException ex)
        {
            throw NotPermitted(label, "a guard could not be evaluated: " + ex.Message);
        }
        catch (InvalidOperationException ex) when (ex is not ProcessCommandException)
        {
            throw NotPermitted(label, ex.Message);
        }

        // The guard function calls the guards made are recorded in the entry this firing decides.
        _unrecordedGuardCalls = _facts.GuardCalls.Count > 0;
        return machine.State;
    }

    private string DescribePermitted()
    {
        var permitted = SelfAndAncestors(CurrentState).SelectMany(s => s.Transitions).Select(t => t.Trigger).Distinct(StringComparer.Ordinal).ToList();
        return permitted.Count == 0 ? "nothing" : string.Join(", ", permitted);
    }

    /// <summary>Applies what entering a new state means: a new round when the approval route starts, fresh decisions, the deadline and its timers.</summary>
    private void Enter(string from, string to, string user)
    {
        if (from == to)
        {
            Instance = Instance with { State = to };
            return;
        }

        var round = Instance.Round;
        var submitter = Instance.Submitter;
        if (IsStage(to) && !IsStage(from))
        {
            round = submitter is null ? round : round + 1;
            submitter = user;
        }

        var entered = _definition.FindState(to)!;
        Instance = Instance with
        {
            State = to,
            Round = round,
            Submitter = submitter,
            Decisions = [],
            EscalatedAt = null,
            StateEnteredAt = _now,
            IsCompleted = entered.Terminal,
            DueAt = _process.GetDeadline(to, _now, new ExpressionContext(Instance.Data, EmptyObject, _now)),
        };
        PlanTimers();
    }

    private bool IsStage(string state) => _definition.FindState(state)?.Approval is not null;

    /// <summary>Lists what keeps a transition on <paramref name="trigger"/> from firing: checklist items not done, linked instances missing or in the wrong state.</summary>
    private List<string> LinkProblems(string trigger)
    {
        var problems = new List<string>();
        var transitions = SelfAndAncestors(CurrentState)
            .Select(s => s.Transitions.Where(t => t.Trigger == trigger).ToList())
            .FirstOrDefault(list => list.Count > 0) ?? [];
        if (transitions.Any(t => t.RequiresChecklistComplete))
        {
            problems.AddRange(_definition.Checklist
                .Where(i => i.Required && Instance.Checklist.FirstOrDefault(c => c.ItemId == i.Id)?.Status is not (ChecklistItemStatus.Done or ChecklistItemStatus.Waived))
                .Select(i => $"checklist item {i.Id} is not done"));
        }

        foreach (var requirement in transitions.SelectMany(t => t.RequiresLinked))
        {
            var linked = _facts.Linked.Where(other => other.ProcessId == requirement.Process && other.Id != Id).DistinctBy(other => other.Id).ToList();
            if (requirement.AtLeastOne && linked.Count == 0)
            {
                problems.Add($"no {requirement.Process} is linked to this {_definition.Id}; link one that is {string.Join(" or ", requirement.States)}");
            }

            foreach (var other in linked)
            {
                if (!IsIn(other, requirement.States))
                {
                    problems.Add($"the linked {requirement.Process} {other.Id} is {other.State}, not {string.Join(" or ", requirement.States)}");
                }
            }
        }

        return problems;
    }

    private bool IsIn(ProcessInstance other, IReadOnlyList<string> states)
    {
        if (states.Contains(other.State, StringComparer.Ordinal))
        {
            return true;
        }

        return _rules.Definitions.TryGet(other.ProcessId, other.DefinitionVersion, out var definition)
            && definition.FindState(other.State) is { } state
            && SelfAndAncestors(definition, state).Any(s => states.Contains(s.Name, StringComparer.Ordinal));
    }
}
