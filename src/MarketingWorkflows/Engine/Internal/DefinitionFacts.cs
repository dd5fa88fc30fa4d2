using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>
/// What the engine works out from a definition on every command, worked out once per definition:
/// event types, the roles a plain state waits on, and where linked-instance requirements apply.
/// </summary>
internal sealed class DefinitionFacts
{
    private static readonly ConditionalWeakTable<ProcessDefinition, DefinitionFacts> Cache = [];

    private readonly ProcessDefinition _definition;
    private readonly ConcurrentDictionary<string, string> _eventTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _awaitingRoles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _linkedTriggers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _linkedProcesses = new(StringComparer.Ordinal);

    private DefinitionFacts(ProcessDefinition definition)
    {
        _definition = definition;
        foreach (var state in definition.States)
        {
            _awaitingRoles[state.Name] = state.Transitions
                .Where(t => t.Kind != TransitionKind.Internal)
                .SelectMany(t => definition.FindTrigger(t.Trigger)?.Roles ?? [])
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            foreach (var transition in state.Transitions.Where(t => t.RequiresLinked.Count > 0 || t.RequiresChecklistComplete))
            {
                _linkedTriggers.Add(transition.Trigger);
                _linkedProcesses.UnionWith(transition.RequiresLinked.Select(r => r.Process));
            }
        }

        HasManagerApprovers = definition.States.Any(s => s.Approval?.Approvers.Any(a => a.Kind == ApproverKind.Relative && a.Value.Contains('.', StringComparison.Ordinal)) == true);
    }

    /// <summary>Gets the facts of a definition.</summary>
    public static DefinitionFacts For(ProcessDefinition definition) => Cache.GetValue(definition, static d => new DefinitionFacts(d));

    /// <summary>Gets the CloudEvents type of an event of this process (see <see cref="ProcessEvent.TypeOf"/>).</summary>
    public string EventType(string what) => _eventTypes.GetOrAdd(what, static (w, id) => ProcessEvent.TypeOf(id, w), _definition.Id);

    /// <summary>Gets the roles that may fire the transitions of a state that is neither an approval stage nor a checklist.</summary>
    public string[] AwaitingRoles(string state) => _awaitingRoles.TryGetValue(state, out var roles) ? roles : [];

    /// <summary>Gets whether some approval stage has an approver found through a user directory, such as <c>owner.manager</c>.</summary>
    public bool HasManagerApprovers { get; }

    /// <summary>Gets whether some transition requires linked instances or a complete checklist.</summary>
    public bool HasLinkRequirements => _linkedTriggers.Count > 0;

    /// <summary>Gets the processes whose linked instances some transition requires.</summary>
    public IReadOnlySet<string> LinkedProcesses => _linkedProcesses;

    /// <summary>Gets whether some transition on <paramref name="trigger"/> requires linked instances or a complete checklist.</summary>
    public bool MayRequireLinks(string trigger) => _linkedTriggers.Contains(trigger);
}
