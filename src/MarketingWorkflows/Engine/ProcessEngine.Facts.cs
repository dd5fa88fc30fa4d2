using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine;

/// <content>
/// The engine's side of a decision: it reads what the decision core needs to know — delegations,
/// managers, linked instances, timers — from the store and the user directory, and no more than
/// the command can use; the core decides.
/// </content>
public sealed partial class ProcessEngine
{
    private async ValueTask<CommandDecision> DecideFireAsync(ProcessInstance instance, ProcessDefinition definition, ProcessCommand command, CancellationToken cancellationToken)
    {
        var setsData = definition.FindTrigger(command.Trigger)?.SetsData == true;
        var facts = await FactsAsync(definition, instance, command.Actor, setsData ? command.Arguments : null, DefinitionFacts.For(definition).MayRequireLinks(command.Trigger), cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts, (engine: this, definition, instance, command), static (facts, s) => CommandDecision.Fire(s.engine._rules, s.definition, s.instance, s.command, facts), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandDecision> DecideChecklistAsync(ProcessInstance instance, ProcessDefinition definition, ChecklistCommand command, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(definition, instance, command.Actor, null, false, cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts, (engine: this, definition, instance, command), static (facts, s) => CommandDecision.Checklist(s.engine._rules, s.definition, s.instance, s.command, facts), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandDecision> DecideDataChangeAsync(ProcessInstance instance, ProcessDefinition definition, DataCommand command, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(definition, instance, command.Actor, command.Changes, false, cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts, (engine: this, definition, instance, command), static (facts, s) => CommandDecision.UpdateData(s.engine._rules, s.definition, s.instance, s.command, facts), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandDecision> DecideLinkAsync(ProcessInstance instance, ProcessDefinition definition, InstanceLink link, Actor actor, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(definition, instance, actor, null, false, cancellationToken).ConfigureAwait(false);
        var target = link.InstanceId == instance.Id ? null : await _store.GetAsync(link.InstanceId, cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts with { LinkTarget = target }, (engine: this, definition, instance, link, actor), static (facts, s) => CommandDecision.Link(s.engine._rules, s.definition, s.instance, s.link, s.actor, facts), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandDecision> DecideTimerAsync(ProcessInstance instance, ProcessDefinition definition, ProcessTimer timer, CancellationToken cancellationToken)
    {
        var facts = await FactsAsync(definition, instance, Actor.System, null, false, cancellationToken).ConfigureAwait(false);
        var timers = await _store.GetTimersAsync(instance.Id, cancellationToken).ConfigureAwait(false);
        return await WithGuardCallsAsync(instance.Id, facts with { Timers = timers }, (engine: this, definition, instance, timer), static (facts, s) => CommandDecision.FireTimer(s.engine._rules, s.definition, s.instance, s.timer, facts), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gathers the facts a command by <paramref name="actor"/> can use: the delegations to the actor
    /// when they act on someone's behalf, the managers of the users relative approvers start from
    /// (in the data now and in <paramref name="incoming"/> data), and the linked instances when
    /// <paramref name="linked"/>. Most commands need none, and read nothing.
    /// </summary>
    private ValueTask<CommandFacts> FactsAsync(ProcessDefinition definition, ProcessInstance instance, Actor actor, JsonElement? incoming, bool linked, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var managers = _users is not null && DefinitionFacts.For(definition).HasManagerApprovers;
        return actor.OnBehalfOf is null && !managers && !linked
            ? new(new CommandFacts(now))
            : GatherFactsAsync(definition, instance, actor, incoming, managers, linked, now, cancellationToken);
    }

    private async ValueTask<CommandFacts> GatherFactsAsync(ProcessDefinition definition, ProcessInstance instance, Actor actor, JsonElement? incoming, bool managers, bool linked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var facts = new CommandFacts(now);
        if (actor.OnBehalfOf is not null)
        {
            facts = facts with { Delegations = await _store.GetDelegationsAsync(actor.UserId, cancellationToken).ConfigureAwait(false) };
        }

        if (managers)
        {
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            await AddManagersAsync(known, definition, instance.Data, cancellationToken).ConfigureAwait(false);
            if (incoming is { ValueKind: JsonValueKind.Object } changes)
            {
                await AddManagersAsync(known, definition, changes, cancellationToken).ConfigureAwait(false);
            }

            facts = facts with { Managers = known };
        }

        if (linked)
        {
            facts = facts with { Linked = await LinkedAsync(definition, instance, cancellationToken).ConfigureAwait(false) };
        }

        return facts;
    }

    private async ValueTask AddManagersAsync(Dictionary<string, string> known, ProcessDefinition definition, JsonElement data, CancellationToken cancellationToken)
    {
        foreach (var (user, depth) in ApprovalTally.ManagerLookups(definition, data))
        {
            var current = user;
            for (var i = 0; i < depth; i++)
            {
                if (!known.TryGetValue(current, out var manager))
                {
                    manager = await _users!.GetManagerAsync(current, cancellationToken).ConfigureAwait(false);
                    if (string.IsNullOrEmpty(manager))
                    {
                        break;
                    }

                    known[current] = manager;
                }

                current = manager;
            }
        }
    }

    /// <summary>Reads the instances linked to or from <paramref name="instance"/> of the processes its transitions require.</summary>
    private async Task<List<ProcessInstance>> LinkedAsync(ProcessDefinition definition, ProcessInstance instance, CancellationToken cancellationToken)
    {
        var required = DefinitionFacts.For(definition).LinkedProcesses;
        var found = new Dictionary<Guid, ProcessInstance>();
        foreach (var link in instance.Links)
        {
            if (await _store.GetAsync(link.InstanceId, cancellationToken).ConfigureAwait(false) is { } other && required.Contains(other.ProcessId))
            {
                found[other.Id] = other;
            }
        }

        foreach (var processId in required)
        {
            var skip = 0;
            while (true)
            {
                var page = await _store.QueryAsync(new InstanceQuery { ProcessId = processId, LinkedTo = instance.Id, Skip = skip, Take = 500 }, cancellationToken).ConfigureAwait(false);
                foreach (var other in page.Items)
                {
                    found[other.Id] = other;
                }

                skip += page.Items.Count;
                if (page.Items.Count == 0 || skip >= page.Total)
                {
                    break;
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>Reads the instances a new instance is to be linked to; one that does not exist is left out, and the start is refused for it.</summary>
    private async Task<List<ProcessInstance>> LinkTargetsAsync(IReadOnlyList<InstanceLink> links, CancellationToken cancellationToken)
    {
        var found = new List<ProcessInstance>();
        foreach (var link in links)
        {
            ArgumentNullException.ThrowIfNull(link);
            if (await _store.GetAsync(link.InstanceId, cancellationToken).ConfigureAwait(false) is { } other)
            {
                found.Add(other);
            }
        }

        return found;
    }
}
