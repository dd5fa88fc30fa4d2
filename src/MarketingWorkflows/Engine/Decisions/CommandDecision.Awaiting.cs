using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>Whom the instance waits on after the command: approvers without a decision, checklist owners, or the roles that move it on.</content>
internal sealed partial class CommandDecision
{
    private void RefreshAwaiting()
    {
        var state = CurrentState;
        if (Instance.IsCompleted)
        {
            Instance = Instance with { AwaitingUsers = [], AwaitingRoles = [] };
            return;
        }

        if (state.Approval is { } stage)
        {
            var (users, roles) = ApprovalTally.Awaiting(Approvers(stage), Votes(), Instance.EscalatedAt is null ? null : stage.FallbackRole);
            Instance = Instance with { AwaitingUsers = users, AwaitingRoles = roles };
            return;
        }

        if (state.OnChecklistComplete is not null)
        {
            var ready = _definition.Checklist
                .Where(i => Status(i.Id) == ChecklistItemStatus.Open && i.OwnerRole is not null && i.DependsOn.All(d => Status(d) != ChecklistItemStatus.Open))
                .Select(i => i.OwnerRole!)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            Instance = Instance with { AwaitingUsers = [], AwaitingRoles = ready };
            return;
        }

        var triggerRoles = _shape.AwaitingRoles(state.Name);
        var owner = triggerRoles.Length == 0 && _definition.Owner is { } ownerField && Instance.Data.TryGetProperty(ownerField, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (owner is null && Instance.AwaitingUsers.Count == 0 && SameRoles(Instance.AwaitingRoles, triggerRoles))
        {
            return;
        }

        Instance = Instance with { AwaitingUsers = owner is null ? [] : [owner], AwaitingRoles = triggerRoles };
    }

    private static bool SameRoles(IReadOnlyList<string> current, string[] roles)
    {
        if (current.Count != roles.Length)
        {
            return false;
        }

        for (var i = 0; i < roles.Length; i++)
        {
            if (!string.Equals(current[i], roles[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
