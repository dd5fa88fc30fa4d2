using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Definitions.Internal;

/// <summary>
/// The checks of what a process asks of people: a state's deadline and approval stage (approvers
/// and rules), and the checklist with its dependencies.
/// </summary>
internal sealed partial class DefinitionValidator
{
    private void ValidateDeadline(StateDefinition state, DeadlineDefinition deadline, string at)
    {
        if ((deadline.BusinessDays is null ? 0 : 1) + (deadline.Duration is null ? 0 : 1) + (deadline.At is null ? 0 : 1) != 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at, $"The deadline of '{state.Name}' needs exactly one of 'businessDays', 'duration' or 'at'.");
        }
        else if (deadline.At is { } moment)
        {
            if (!CompiledExpression.TryCompile(moment, _dataScope, out var compiled, out var errors))
            {
                foreach (var error in errors)
                {
                    _problems.Add(new DefinitionProblem(error.Code, at + ".at", $"In the deadline '{OneLine(moment)}': {error.Message}", error));
                }
            }
            else if (compiled.ResultType.Kind is not (ExpressionTypeKind.Date or ExpressionTypeKind.DateTime))
            {
                Add(ExpressionErrorCodes.TypeMismatch, at + ".at", $"The deadline '{OneLine(moment)}' of '{state.Name}' gives a {compiled.ResultType}; it must give a date or a datetime, such as 'launchAt' or 'startAt - 2d'.");
            }
        }
        else if (deadline.BusinessDays is < 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".businessDays", $"A deadline is at least 1 business day, not {deadline.BusinessDays}.");
        }
        else if (deadline.Duration is { } duration && duration <= TimeSpan.Zero)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".duration", "A deadline's duration must be more than zero.");
        }

        if (deadline.OnTimeout is not { } trigger)
        {
            return;
        }

        if (!_triggers.ContainsKey(trigger))
        {
            Add(DefinitionErrorCodes.UnknownTrigger, at + ".onTimeout", UnknownTrigger(trigger));
        }
        else if (!SelfAndAncestors(state).Any(s => s.Transitions.Any(t => t.Trigger == trigger)))
        {
            Add(DefinitionErrorCodes.TimeoutGoesNowhere, at + ".onTimeout", $"At the deadline '{trigger}' is fired, but '{state.Name}' has no transition on '{trigger}', so nothing would happen. Add a transition on '{trigger}' to '{state.Name}'.");
        }
    }

    private bool ValidateApproval(StateDefinition state, ApprovalStageDefinition approval, string at)
    {
        var ok = true;
        if (approval.Approvers.Count == 0 && approval.FallbackRole is null)
        {
            Add(DefinitionErrorCodes.NoApprovers, at + ".approvers", $"The approval stage '{state.Name}' has no approvers, so nobody could ever decide. Add users, roles or relative approvers such as 'owner.manager', or a fallbackRole.");
        }

        for (var k = 0; k < approval.Approvers.Count; k++)
        {
            ValidateApprover(approval.Approvers[k], $"{at}.approvers[{k}]");
        }

        ValidateRule(state, approval, approval.ApproveRule, at + ".approve", "approve");
        ValidateRule(state, approval, approval.RejectRule, at + ".reject", "reject");

        if (approval.SelfApproval == SelfApprovalMode.AllowForRoles && approval.SelfApprovalRoles.Count == 0)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".selfApproval", $"The stage '{state.Name}' allows self-approval for listed roles, but lists none. Add the roles, or choose 'forbid' or 'audit'.");
        }

        if (string.IsNullOrEmpty(approval.OnApproved))
        {
            Add(DefinitionErrorCodes.Missing, at + ".onApproved", $"The stage '{state.Name}' does not say where an approval leads. Add 'onApproved: <state>'.");
            ok = false;
        }

        if (approval.MaxRounds is { } maxRounds && maxRounds < 1)
        {
            Add(DefinitionErrorCodes.InvalidValue, at + ".maxRounds", $"The stage '{state.Name}' has maxRounds {maxRounds}; it must be 1 or more.");
            ok = false;
        }

        if ((approval.MaxRounds is null) != string.IsNullOrEmpty(approval.OnMaxRounds))
        {
            Add(DefinitionErrorCodes.Missing, at + (approval.MaxRounds is null ? ".maxRounds" : ".onMaxRounds"), $"The stage '{state.Name}' needs both 'maxRounds' (how many rounds) and 'onMaxRounds' (where a request for changes goes after them), or neither.");
            ok = false;
        }

        foreach (var (target, key) in new[] { (approval.OnApproved, "onApproved"), (approval.OnRejected, "onRejected"), (approval.OnChangesRequested, "onChangesRequested"), (approval.OnMaxRounds, "onMaxRounds") })
        {
            if (!string.IsNullOrEmpty(target) && !_stateIndex.ContainsKey(target))
            {
                Add(DefinitionErrorCodes.UnknownState, $"{at}.{key}", UnknownState(target));
                ok = false;
            }
        }

        if (approval.When is not null)
        {
            CheckCondition(approval.When, _dataScope, at + ".when", "condition");
        }

        foreach (var (trigger, fallback, key) in new[] { (approval.ApproveTrigger, "Approve", "approve"), (approval.RejectTrigger, "Reject", "reject"), (approval.RequestChangesTrigger, "RequestChanges", "requestChanges"), (approval.ReviewTrigger, "Review", "review") })
        {
            if (trigger != fallback && !_triggers.ContainsKey(trigger))
            {
                Add(DefinitionErrorCodes.UnknownTrigger, $"{at}.triggers.{key}", UnknownTrigger(trigger));
            }
        }

        return ok;
    }

    private void ValidateApprover(ApproverDefinition approver, string at)
    {
        if (string.IsNullOrWhiteSpace(approver.Value))
        {
            Add(DefinitionErrorCodes.InvalidValue, at, "An approver cannot be empty.");
            return;
        }

        if (approver.Kind != ApproverKind.Relative)
        {
            return;
        }

        var segments = approver.Value.Split('.');
        var field = _definition.Data.FirstOrDefault(f => f.Name == segments[0]);
        if (field is null)
        {
            Add(ExpressionErrorCodes.UnknownName, at, $"The relative approver '{approver.Value}' starts with '{segments[0]}', which is not a data field.{Expressions.Internal.Binder.Suggest(segments[0], _definition.Data.Select(f => f.Name))} Name a string field holding a user id, such as 'owner'.");
        }
        else if (field.Type != FieldType.String)
        {
            Add(ExpressionErrorCodes.TypeMismatch, at, $"The relative approver '{approver.Value}' reads '{field.Name}', a {Word(field.Type)} field; it must be a string field holding a user id.");
        }
        else if (segments.Skip(1).FirstOrDefault(s => s != "manager") is { } relation)
        {
            Add(DefinitionErrorCodes.InvalidValue, at, $"'{relation}' in '{approver.Value}' is not a relation between users; the one relation is 'manager', as in 'owner.manager'.");
        }
    }

    private void ValidateRule(StateDefinition state, ApprovalStageDefinition approval, ApprovalRule rule, string at, string what)
    {
        switch (rule.Kind)
        {
            case ApprovalRuleKind.Count when rule.Count < 1:
                Add(DefinitionErrorCodes.InvalidValue, at, $"The {what} rule of '{state.Name}' needs at least 1 decision, not {rule.Count}.");
                return;
            case ApprovalRuleKind.Percent when rule.Percent is < 1 or > 100:
                Add(DefinitionErrorCodes.InvalidValue, at, $"The {what} rule of '{state.Name}' is {rule.Percent}%; use a percentage from 1 to 100.");
                return;
        }

        // Roles can hold any number of people; named and relative approvers are one person each.
        if (rule.Kind == ApprovalRuleKind.Count && approval.Approvers.Count > 0 && approval.Approvers.All(a => a.Kind != ApproverKind.Role)
            && rule.Count > approval.Approvers.Count)
        {
            Add(DefinitionErrorCodes.QuorumTooLarge, at, $"The {what} rule of '{state.Name}' needs {rule.Count} decisions, but the stage lists only {approval.Approvers.Count} approver{(approval.Approvers.Count == 1 ? string.Empty : "s")}, so it could never be met. Lower the count or add approvers.");
        }
    }

    private void ValidateChecklist()
    {
        var items = _definition.Checklist;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!ItemId().IsMatch(item.Id))
            {
                Add(DefinitionErrorCodes.InvalidValue, $"checklist[{i}].id", $"'{item.Id}' is not an item id: use letters, digits, '-' and '_'.");
            }
            else if (!ids.TryAdd(item.Id, i))
            {
                Add(DefinitionErrorCodes.Duplicate, $"checklist[{i}].id", $"The checklist item '{item.Id}' is defined twice. Give each item its own id.");
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            for (var k = 0; k < item.DependsOn.Count; k++)
            {
                var dependency = item.DependsOn[k];
                if (!ids.ContainsKey(dependency))
                {
                    Add(DefinitionErrorCodes.UnknownChecklistItem, $"checklist[{i}].dependsOn[{k}]", $"There is no checklist item '{dependency}'.{Expressions.Internal.Binder.Suggest(dependency, ids.Keys)}");
                }
            }

            if (item.Due is { } due)
            {
                if (!CompiledExpression.TryCompile(due, _dataScope, out var expression, out var errors))
                {
                    foreach (var error in errors)
                    {
                        _problems.Add(new DefinitionProblem(error.Code, $"checklist[{i}].due", $"In the due date '{OneLine(due)}': {error.Message}", error));
                    }
                }
                else if (expression.ResultType.Kind is not (ExpressionTypeKind.Date or ExpressionTypeKind.DateTime))
                {
                    Add(ExpressionErrorCodes.TypeMismatch, $"checklist[{i}].due", $"The due date '{due}' of '{item.Id}' is a {expression.ResultType}; it must be a date or a date-time, such as 'launchAt - 3d'.");
                }
            }
        }

        ValidateChecklistCycles(items, ids);
    }

    private void ValidateChecklistCycles(IReadOnlyList<ChecklistItemDefinition> items, Dictionary<string, int> ids)
    {
        // Depth-first search; each cycle is reported once, at its first item in file order.
        var state = new int[items.Count];
        var stack = new List<int>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        void Visit(int i)
        {
            state[i] = 1;
            stack.Add(i);
            foreach (var dependency in items[i].DependsOn)
            {
                if (!ids.TryGetValue(dependency, out var j))
                {
                    continue;
                }

                if (state[j] == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(j)).ToList();
                    var key = string.Join(",", cycle.Order());
                    if (reported.Add(key))
                    {
                        var first = cycle.Min();
                        var names = cycle.Select(c => items[c].Id).Append(items[j].Id);
                        Add(DefinitionErrorCodes.DependencyCycle, $"checklist[{first}].dependsOn", $"Checklist items depend on each other in a circle ({string.Join(" → ", names)}), so none of them could ever be done. Remove one of these dependencies.");
                    }
                }
                else if (state[j] == 0)
                {
                    Visit(j);
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[i] = 2;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (state[i] == 0)
            {
                Visit(i);
            }
        }
    }
}
