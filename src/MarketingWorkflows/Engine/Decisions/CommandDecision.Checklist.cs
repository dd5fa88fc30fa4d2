using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>Checklist items: completing, reopening and waiving them, in order and by their owners; a complete checklist moves the instance on.</content>
internal sealed partial class CommandDecision
{
    private void ApplyChecklist(ChecklistCommand command)
    {
        var action = command.Action.ToString();
        EnsureOpen(action);
        if (CurrentState.OnChecklistComplete is null)
        {
            var where = _definition.States.Where(s => s.OnChecklistComplete is not null).Select(s => s.Name).ToList();
            throw NotPermitted(action, where.Count == 0
                ? $"the process '{_definition.Id}' has no checklist"
                : $"checklist items can be changed only in {string.Join(" or ", where)}");
        }

        var item = _definition.Checklist.FirstOrDefault(i => i.Id == command.ItemId)
            ?? throw new CommandValidationException(
                $"The process '{_definition.Id}' has no checklist item '{command.ItemId}'; its items are {string.Join(", ", _definition.Checklist.Select(i => i.Id))}.",
                [new DataError("itemId", "is not an item of the checklist")]);
        var acting = ResolveActing(command.Actor);
        ThrowIfDelegationInvalid(acting, command.Actor, action);
        CheckComment(command.Reason, command.Action == ChecklistAction.Waive, action + " " + item.Id);
        var current = Instance.Checklist.First(c => c.ItemId == item.Id);
        if (ChecklistProblem(item, current, command.Action, acting) is { } problem)
        {
            throw problem.Forbidden
                ? new CommandForbiddenException(Id, command.Actor.UserId, $"{action} {item.Id}", problem.Reason)
                : NotPermitted($"{action} {item.Id}", problem.Reason);
        }

        var updated = command.Action switch
        {
            ChecklistAction.Complete => current with { Status = ChecklistItemStatus.Done, By = command.Actor.UserId, At = _now, Reason = command.Reason },
            ChecklistAction.Waive => current with { Status = ChecklistItemStatus.Waived, By = command.Actor.UserId, At = _now, Reason = command.Reason },
            _ => current with { Status = ChecklistItemStatus.Open, By = command.Actor.UserId, At = _now, Reason = command.Reason },
        };
        Instance = Instance with { Checklist = [.. Instance.Checklist.Select(c => c.ItemId == item.Id ? updated : c)] };
        var state = Instance.State;
        Record(HistoryKind.Checklist, action, item.Id, command.Actor, state, state, command.Reason, null);
        Emit(ProcessEventTypes.ChecklistItemChanged, command.Actor, action, null, state, state, item.Id);

        var complete = _definition.Checklist.All(i => !i.Required || Status(i.Id) != ChecklistItemStatus.Open);
        if (complete)
        {
            var next = FireKernel(CompiledProcess.ChecklistCompleteTrigger, EmptyObject, "the checklist is complete");
            Enter(state, next, acting.User);
            Record(HistoryKind.Transition, CompiledProcess.ChecklistCompleteTrigger, null, Actor.System, state, next, "every required item is done or waived", null);
            Emit(next, Actor.System, CompiledProcess.ChecklistCompleteTrigger, null, state, next, null);
        }

        RefreshAwaiting();
    }

    /// <summary>Says why an action on a checklist item is not possible now (and whether that is the actor's lack of a role), or <see langword="null"/>.</summary>
    private (bool Forbidden, string Reason)? ChecklistProblem(ChecklistItemDefinition item, ChecklistItemState current, ChecklistAction action, Acting acting)
    {
        var title = item.Title is null ? $"'{item.Id}'" : $"'{item.Id}' ({item.Title})";
        switch (action)
        {
            case ChecklistAction.Complete:
                if (current.Status != ChecklistItemStatus.Open)
                {
                    return (false, $"{title} is already {current.Status.ToString().ToLowerInvariant()}");
                }

                var open = item.DependsOn.Where(d => Status(d) == ChecklistItemStatus.Open).ToList();
                if (open.Count > 0)
                {
                    return (false, $"{title} depends on {string.Join(", ", open.Select(d => $"'{d}'"))}, not done yet");
                }

                return OwnerProblem(item, title, acting);
            case ChecklistAction.Reopen:
                return current.Status == ChecklistItemStatus.Open ? (false, $"{title} is already open") : OwnerProblem(item, title, acting);
            default:
                if (current.Status != ChecklistItemStatus.Open)
                {
                    return (false, $"{title} is already {current.Status.ToString().ToLowerInvariant()}");
                }

                if (item.WaivableBy.Count == 0)
                {
                    return (false, $"{title} cannot be waived");
                }

                return acting.HasAny(item.WaivableBy) ? null : (true, $"waiving {title} needs one of the roles {string.Join(", ", item.WaivableBy)}");
        }
    }

    private static (bool Forbidden, string Reason)? OwnerProblem(ChecklistItemDefinition item, string title, Acting acting)
        => item.OwnerRole is null || acting.Has(item.OwnerRole) || acting.HasAny(item.WaivableBy)
            ? null
            : (true, $"{title} belongs to the role {item.OwnerRole}");

    private ChecklistItemStatus Status(string itemId)
        => Instance.Checklist.FirstOrDefault(c => c.ItemId == itemId)?.Status ?? ChecklistItemStatus.Open;
}
