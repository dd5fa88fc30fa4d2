using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>The rules every command meets: an open instance, the actor's roles (under a delegation, the delegator's), submitter-only triggers and comments.</content>
internal sealed partial class CommandDecision
{
    private Acting ResolveActing(Actor actor)
    {
        if (actor.OnBehalfOf is not { } delegator)
        {
            return new Acting(actor.UserId, actor.Roles, null);
        }

        // A delegation saved again with the same process and first day replaces the earlier one
        // (that is how one is revoked: saved again ending before today).
        var delegation = _facts.Delegations
            .Where(d => d.Delegate == actor.UserId && d.Delegator == delegator)
            .GroupBy(d => (d.ProcessId, d.From))
            .Select(g => g.Last())
            .LastOrDefault(d => d.Covers(_now, _definition.Id));
        return delegation is null
            ? new Acting(actor.UserId, actor.Roles, $"{actor.UserId} has no delegation from {delegator} covering {_now:yyyy-MM-dd} in '{_definition.Id}'")
            : new Acting(delegator, [.. actor.Roles.Union(delegation.Roles, StringComparer.Ordinal)], null);
    }

    private void ThrowIfDelegationInvalid(Acting acting, Actor actor, string action)
    {
        if (acting.DelegationProblem is { } problem)
        {
            throw new CommandForbiddenException(Id, actor.UserId, action, problem);
        }
    }

    private static string? MissingRole(TriggerDefinition trigger, Acting acting)
        => trigger.Roles.Count == 0 || acting.HasAny(trigger.Roles)
            ? null
            : $"'{trigger.Name}' needs one of the roles {string.Join(", ", trigger.Roles)}; {acting.User} has {(acting.Roles.Count == 0 ? "none" : string.Join(", ", acting.Roles))}";

    private string? NotSubmitter(TriggerDefinition trigger, Actor actor, Acting acting)
        => !trigger.SubmitterOnly || Instance.Submitter is null || IsSubmitter(actor, acting)
            ? null
            : $"only {Instance.Submitter}, who submitted it, may fire '{trigger.Name}'";

    private void CheckComment(string? comment, bool required, string what)
    {
        if (required && string.IsNullOrWhiteSpace(comment))
        {
            throw new CommandValidationException($"'{what}' needs a comment saying why.", [new DataError("comment", "is required")]);
        }

        var limit = _rules.Options.MaxCommentLength;
        if (comment is not null && comment.Length > limit)
        {
            throw new CommandValidationException($"The comment is {comment.Length:N0} characters; the limit is {limit:N0}.", [new DataError("comment", "is too long")]);
        }
    }

    private void EnsureOpen(string action)
    {
        if (Instance.IsCompleted)
        {
            throw NotPermitted(action, $"the process has ended in '{Instance.State}'");
        }
    }

    private CommandNotPermittedException NotPermitted(string action, string reason) => new(Id, Instance.State, action, [reason]);

    private IEnumerable<StateDefinition> SelfAndAncestors(StateDefinition state) => SelfAndAncestors(_definition, state);

    private static IEnumerable<StateDefinition> SelfAndAncestors(ProcessDefinition definition, StateDefinition state)
    {
        for (var current = state; current is not null; current = current.Parent is null ? null : definition.FindState(current.Parent))
        {
            yield return current;
        }
    }

    /// <summary>Who acts, as the rules see it: under a delegation, the delegator's identity with the delegated roles added.</summary>
    private readonly record struct Acting(string User, IReadOnlyList<string> Roles, string? DelegationProblem)
    {
        public bool Has(string role)
        {
            for (var i = 0; i < Roles.Count; i++)
            {
                if (string.Equals(Roles[i], role, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public bool HasAny(IReadOnlyList<string> roles)
        {
            for (var i = 0; i < roles.Count; i++)
            {
                if (Has(roles[i]))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
