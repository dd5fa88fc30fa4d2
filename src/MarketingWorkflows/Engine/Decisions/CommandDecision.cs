using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine.Decisions;

/// <summary>
/// The decision core: one command decided as a pure function of the definition, the instance as
/// read, the command and the facts gathered for it (<see cref="CommandFacts"/>). It yields the
/// change — the instance after the command, its history entries, its events and its timers — or
/// the refusal with its reasons, and does no I/O. The engine gathers the facts and commits what
/// it decides; a dry run states the facts and keeps the result in memory; "what can I do" asks
/// the same rules. No rule is written anywhere else.
/// </summary>
internal sealed partial class CommandDecision
{
    private static readonly JsonElement EmptyObject = JsonSerializer.SerializeToElement(new Dictionary<string, string>(), EngineJsonContext.Default.DictionaryStringString);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_eventBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_eventWriter;

    private readonly DecisionRules _rules;
    private readonly ProcessDefinition _definition;
    private readonly CompiledProcess _process;
    private readonly DefinitionFacts _shape;
    private readonly CommandFacts _facts;
    private readonly DateTimeOffset _now;
    private readonly long _newVersion;
    private readonly ProcessInstance _original;

    // Most commands add one entry and one event.
    private Collected<HistoryEntry> _history;
    private Collected<ProcessEvent> _events;
    private IReadOnlyList<ProcessTimer>? _timers;
    private string _head;
    private long _count;
    private ProcessInstance? _after;
    private string? _dataDigest;
    private bool _unrecordedGuardCalls;

    private CommandDecision(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, CommandFacts facts)
    {
        _rules = rules;
        _definition = definition;
        _process = definition.Compile();
        _shape = DefinitionFacts.For(definition);
        _facts = facts;
        _now = facts.Now;
        Instance = instance;
        _original = instance;
        _newVersion = instance.HistoryCount == 0 ? 1 : instance.Version + 1;
        _head = instance.HistoryHead;
        _count = instance.HistoryCount;
    }

    /// <summary>Gets the refusal, or <see langword="null"/> when the command was accepted (or had nothing to do).</summary>
    public ProcessCommandException? Refusal { get; private set; }

    /// <summary>Gets whether the command found nothing to change, so there is nothing to commit.</summary>
    public bool NothingToDo { get; private set; }

    /// <summary>Gets whether the command was accepted and changes the instance.</summary>
    public bool Accepted => Refusal is null && !NothingToDo;

    /// <summary>Gets the instance as read, before the command.</summary>
    public ProcessInstance Before => _original;

    /// <summary>Gets the instance after the command: its new version, time and history head; the instance as read when refused.</summary>
    public ProcessInstance After => !Accepted ? _original : _after ??= Instance with { Version = _newVersion, UpdatedAt = _now, HistoryHead = _head, HistoryCount = _count, DataDigest = _dataDigest ?? Instance.DataDigest };

    /// <summary>Gets the history entries the command adds, in order.</summary>
    public IReadOnlyList<HistoryEntry> History => _history.ToList();

    /// <summary>Gets the events the command publishes, in order.</summary>
    public IReadOnlyList<ProcessEvent> Events => _events.ToList();

    /// <summary>Gets the instance's timers after the command (they replace the stored ones), or <see langword="null"/> to keep them.</summary>
    public IReadOnlyList<ProcessTimer>? Timers => _timers;

    /// <summary>Gets the instance as the command has changed it so far.</summary>
    private ProcessInstance Instance { get; set; }

    private Guid Id => Instance.Id;

    private StateDefinition CurrentState => _definition.FindState(Instance.State)!;

    /// <summary>Decides the start of a new instance: its data with defaults, validated, in the initial state (its initial substate, if any).</summary>
    public static CommandDecision Start(DecisionRules rules, ProcessDefinition definition, Guid id, JsonElement data, Actor actor, IReadOnlyList<InstanceLink> links, CommandFacts facts)
    {
        var now = facts.Now;
        var state = definition.InitialState;
        for (var initial = definition.FindState(state); initial?.InitialChild is { } child; initial = definition.FindState(child))
        {
            state = child;
        }

        var blank = new ProcessInstance
        {
            Id = id,
            ProcessId = definition.Id,
            DefinitionVersion = definition.Version,
            State = state,
            Data = EmptyObject,
            Version = 1,
            CreatedBy = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            StateEnteredAt = now,
        };
        return Decide(rules, definition, blank, facts, (data, actor, links), static (decision, start) => decision.ApplyStart(start.data, start.actor, start.links));
    }

    /// <summary>Decides a trigger fired by a person: a transition, or a decision in an approval stage.</summary>
    public static CommandDecision Fire(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, ProcessCommand command, CommandFacts facts)
        => Decide(rules, definition, instance, facts, command, static (decision, fire) => decision.ApplyFire(fire));

    /// <summary>Decides a change to a checklist item.</summary>
    public static CommandDecision Checklist(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, ChecklistCommand command, CommandFacts facts)
        => Decide(rules, definition, instance, facts, command, static (decision, change) => decision.ApplyChecklist(change));

    /// <summary>Decides a change to the instance's data.</summary>
    public static CommandDecision UpdateData(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, DataCommand command, CommandFacts facts)
        => Decide(rules, definition, instance, facts, command, static (decision, change) => decision.ApplyDataChange(change));

    /// <summary>Decides a link to another instance (<see cref="CommandFacts.LinkTarget"/>).</summary>
    public static CommandDecision Link(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, InstanceLink link, Actor actor, CommandFacts facts)
        => Decide(rules, definition, instance, facts, (link, actor), static (decision, linking) => decision.ApplyLink(linking.link, linking.actor));

    /// <summary>Decides a due timer, fired as the <c>system</c> actor (<see cref="CommandFacts.Timers"/> holds the instance's timers).</summary>
    public static CommandDecision FireTimer(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, ProcessTimer timer, CommandFacts facts)
        => Decide(rules, definition, instance, facts, timer, static (decision, due) => decision.ApplyTimer(due));

    /// <summary>Lists what <paramref name="actor"/> can do on the instance now, each with the reasons it cannot when it cannot.</summary>
    public static IReadOnlyList<AvailableAction> AvailableActions(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, Actor actor, CommandFacts facts)
        => new CommandDecision(rules, definition, instance, facts).ListActions(actor);

    /// <summary>Applies one command's rules; a refusal is kept, not thrown, so that every caller reads the outcome the same way.</summary>
    private static CommandDecision Decide<TCommand>(DecisionRules rules, ProcessDefinition definition, ProcessInstance instance, CommandFacts facts, TCommand command, Action<CommandDecision, TCommand> apply)
    {
        var decision = new CommandDecision(rules, definition, instance, facts);
        try
        {
            apply(decision, command);
        }
        catch (ProcessCommandException ex)
        {
            decision.Refusal = ex;
        }

        return decision;
    }

    /// <summary>Gets what to commit: the instance after the command, its entries, timers and events, all or nothing.</summary>
    public InstanceCommit ToCommit(long? expectedVersion, IdempotencyRecord? idempotency)
        => new(After, expectedVersion, History, _timers, Events, idempotency) { Previous = expectedVersion is null ? null : _original };

    /// <summary>Appends a history entry, chained to the one before it.</summary>
    private void Record(HistoryKind kind, string? trigger, string? decision, Actor actor, string from, string to, string? comment, JsonElement? arguments, bool selfApproval = false)
    {
        if (_unrecordedGuardCalls)
        {
            arguments = _facts.GuardCalls.AddTo(arguments);
            _unrecordedGuardCalls = false;
        }

        // The data's digest is worked out once per change of data, not once per entry.
        var digest = _dataDigest ??= Instance.DataDigest is { Length: > 0 } known ? known : HistoryChain.DataDigest(Instance.Data);
        var keys = _rules.HistoryKeys;
        var hash = HistoryChain.Compute(_head, Id, _count + 1, kind, trigger, decision, actor.UserId, actor.OnBehalfOf, from, to, comment, arguments, Instance.DataRevision, Instance.DefinitionVersion, _now, selfApproval, _newVersion, digest, keys.CurrentId, keys.Current);
        var entry = new HistoryEntry
        {
            InstanceId = Id,
            Sequence = _count + 1,
            Kind = kind,
            Trigger = trigger,
            Decision = decision,
            Actor = actor.UserId,
            OnBehalfOf = actor.OnBehalfOf,
            FromState = from,
            ToState = to,
            Comment = comment,
            Arguments = arguments,
            DataRevision = Instance.DataRevision,
            DefinitionVersion = Instance.DefinitionVersion,
            At = _now,
            SelfApproval = selfApproval,
            InstanceVersion = _newVersion,
            DataDigest = digest,
            KeyId = keys.CurrentId,
            PreviousHash = _head,
            Hash = hash,
        };
        _history.Add(entry);
        _head = entry.Hash;
        _count++;
    }

    /// <summary>Adds an event: a state entered, or one of <see cref="ProcessEventTypes"/>.</summary>
    private void Emit(string what, Actor actor, string? trigger, string? decision, string from, string to, string? item)
    {
        var buffer = t_eventBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_eventWriter;
        if (writer is null)
        {
            t_eventWriter = writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        writer.WriteStartObject();
        writer.WriteString("actor", actor.UserId);
        if (actor.OnBehalfOf is not null)
        {
            writer.WriteString("onBehalfOf", actor.OnBehalfOf);
        }

        if (trigger is not null)
        {
            writer.WriteString("trigger", trigger);
        }

        if (decision is not null)
        {
            writer.WriteString("decision", decision);
        }

        writer.WriteString("from", from);
        writer.WriteString("to", to);
        if (item is not null)
        {
            writer.WriteString("item", item);
        }

        writer.WriteNumber("round", Instance.Round);
        writer.WriteEndObject();
        writer.Flush();
        _events.Add(new ProcessEvent(Ids.NewVersion7(_now), _shape.EventType(what), _definition.Id, Id, _newVersion, _now, buffer.WrittenSpan.ToArray()));
    }
}
