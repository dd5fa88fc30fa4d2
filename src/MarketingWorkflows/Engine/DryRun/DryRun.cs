using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Expressions.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.DryRun;

/// <summary>
/// Runs steps against a definition in memory, with no store: each command is decided by the
/// engine's own decision core, with the facts the steps state (delegations, linked instances)
/// and the dry run's clock; time passing fires deadlines, reminders and escalations as the timer
/// worker would, each at its due time. The instance, its history and its timers are kept here.
/// A dry run does not call guard functions: it uses the answers it is given (such as those a
/// history entry records), and refuses a step whose guard needs another.
/// </summary>
internal sealed class DryRun
{
    private readonly ProcessDefinition _definition;
    private readonly DecisionRules _rules;
    private readonly JsonElement _data;
    private readonly Guid _id;
    private readonly List<Delegation> _delegations = [];
    private readonly List<ProcessInstance> _linked = [];
    private readonly List<HistoryEntry> _history = [];
    private readonly IReadOnlyDictionary<string, string> _managers;
    private readonly GuardCallResults _guardCalls;
    private IReadOnlyList<ProcessTimer> _timers = [];
    private ProcessInstance? _instance;

    /// <summary>Initializes a dry run that starts an instance with <paramref name="data"/> at <paramref name="now"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="data">The instance data.</param>
    /// <param name="now">The time the dry run starts at.</param>
    /// <param name="rules">The definitions linked instances belong to and the options; by default, this definition alone and the default options.</param>
    /// <param name="id">The instance's id; by default a new one.</param>
    /// <param name="managers">Each user's manager, for relative approvers such as <c>owner.manager</c>; by default none is known.</param>
    /// <param name="guardCalls">The answers of guard function calls the steps' guards may need; by default none.</param>
    public DryRun(ProcessDefinition definition, JsonElement data, DateTimeOffset now, DecisionRules? rules = null, Guid? id = null, IReadOnlyDictionary<string, string>? managers = null, GuardCallResults? guardCalls = null)
    {
        _guardCalls = guardCalls ?? GuardCallResults.Empty;
        _managers = managers ?? new Dictionary<string, string>(StringComparer.Ordinal);
        _definition = definition;
        _data = data;
        Now = now;
        _id = id ?? Guid.NewGuid();
        _rules = rules ?? new DecisionRules(RegistryOf(definition), new MarketingWorkflowsOptions());
    }

    /// <summary>Gets the dry run's clock.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Gets the instance, or <see langword="null"/> before it is started (by the first step).</summary>
    public ProcessInstance? Instance => _instance;

    /// <summary>Gets the state the instance is in (the initial state before it starts).</summary>
    public string State => _instance?.State ?? _definition.InitialState;

    /// <summary>Gets the instance's history so far.</summary>
    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>Gets the instance's timers.</summary>
    public IReadOnlyList<ProcessTimer> Timers => _timers;

    /// <summary>Gets every step applied and what it did.</summary>
    public List<DryRunOutcome> Outcomes { get; } = [];

    /// <summary>Gets the failure code of a refusal as steps write it: <c>forbidden</c>, <c>not-permitted</c>, <c>validation-failed</c>, ...</summary>
    public static string CodeOf(CommandFailure failure)
    {
        var name = failure.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>Starts the instance now, by <paramref name="actor"/>; a later command step starts it by its actor if nothing has.</summary>
    public ProcessCommandException? Start(Actor actor)
    {
        var decision = CommandDecision.Start(_rules, _definition, _id, _data, actor, [], Facts());
        if (decision.Refusal is null)
        {
            Keep(decision);
        }

        return decision.Refusal;
    }

    /// <summary>Applies one step.</summary>
    public DryRunOutcome Apply(DryRunStep step)
    {
        var outcome = step.Kind switch
        {
            DryRunStepKind.After => Pass(step),
            DryRunStepKind.Linked => Stated(step, Link(step)),
            DryRunStepKind.Delegate => Stated(step, Delegate(step)),
            DryRunStepKind.Start => StartBy(step),
            _ => Command(step),
        };
        Outcomes.Add(outcome);
        return outcome;
    }

    /// <summary>Puts a delegation in force.</summary>
    public void AddDelegation(Delegation delegation) => _delegations.Add(delegation);

    /// <summary>Links the instance to <paramref name="target"/> as a command of <paramref name="actor"/> would (with its history entry); the target then counts where transitions require linked instances.</summary>
    /// <returns>The refusal, or <see langword="null"/> when linked.</returns>
    public ProcessCommandException? Link(InstanceLink link, Actor actor, ProcessInstance? target)
    {
        var decision = CommandDecision.Link(_rules, _definition, _instance!, link, actor, Facts() with { LinkTarget = target });
        if (decision.Refusal is null)
        {
            Keep(decision);
            _linked.Add(target!);
        }

        return decision.Refusal;
    }

    private DryRunOutcome StartBy(DryRunStep step)
    {
        if (_instance is not null)
        {
            return Refused(step, new CommandNotPermittedException(_id, State, "Start", ["the instance has started already; 'Start by ...' can only be the first step"]));
        }

        var refusal = Start(new Actor(step.Actor, step.Roles));
        return refusal is null
            ? new DryRunOutcome(step, State, State, null, _history, "started by " + step.Actor)
            : Refused(step, refusal);
    }

    private DryRunOutcome Command(DryRunStep step)
    {
        var actor = new Actor(step.Actor, step.Roles) { OnBehalfOf = step.OnBehalfOf };
        if (_instance is null && Start(new Actor(step.Actor, step.Roles)) is { } startRefused)
        {
            return Refused(step, startRefused);
        }

        var instance = _instance!;
        var facts = Facts();
        CommandDecision decision;
        try
        {
            decision = step.Kind switch
            {
                DryRunStepKind.Checklist => CommandDecision.Checklist(_rules, _definition, instance, new ChecklistCommand(_id, step.Name, step.ChecklistAction, actor) { Reason = step.Comment }, facts),
                DryRunStepKind.UpdateData => CommandDecision.UpdateData(_rules, _definition, instance, new DataCommand(_id, step.Arguments, actor) { Comment = step.Comment }, facts),
                _ => CommandDecision.Fire(_rules, _definition, instance, new ProcessCommand(_id, step.Name, actor) { Arguments = step.Arguments, Comment = step.Comment }, facts),
            };
        }
        catch (GuardCallNeededException needed)
        {
            return Refused(step, NotCalled(needed));
        }

        if (decision.Refusal is { } refusal)
        {
            return Refused(step, refusal);
        }

        var entries = Keep(decision);
        return new DryRunOutcome(step, instance.State, State, null, entries, Describe(entries));
    }

    /// <summary>Lets time pass: every timer due by then fires at its due time, earliest first, as the timer worker fires them.</summary>
    private DryRunOutcome Pass(DryRunStep step)
    {
        var from = State;
        var until = Now + step.Duration;
        var entries = new List<HistoryEntry>();
        while (_instance is not null && NextDue(_timers, until) is { } timer)
        {
            Now = timer.DueAt > Now ? timer.DueAt : Now;
            CommandDecision? decision;
            try
            {
                decision = CommandDecision.FireTimer(_rules, _definition, _instance, timer, Facts() with { Timers = _timers });
            }
            catch (GuardCallNeededException)
            {
                decision = null;
            }

            if (decision is null || decision.Refusal is not null || decision.NothingToDo)
            {
                // A timer the worker could not fire stays where it is; a dry run drops it so time can go on.
                _timers = [.. _timers.Where(t => t.Id != timer.Id)];
                continue;
            }

            entries.AddRange(Keep(decision));
        }

        Now = until;
        var note = entries.Count == 0 ? $"{step.Duration.TotalHours:0.#}h pass; nothing falls due" : Describe(entries);
        return new DryRunOutcome(step, from, State, null, entries, note);
    }

    /// <summary>Gets the timer that falls due first by <paramref name="until"/>: the earliest, and of two due at once the deadline before the reminder.</summary>
    public static ProcessTimer? NextDue(IEnumerable<ProcessTimer> timers, DateTimeOffset until)
        => timers.Where(t => t.DueAt <= until).OrderBy(t => t.DueAt).ThenBy(t => t.Kind, StringComparer.Ordinal).FirstOrDefault();

    private string Link(DryRunStep step)
    {
        var linked = new ProcessInstance
        {
            Id = Guid.NewGuid(),
            ProcessId = step.Name,
            DefinitionVersion = _rules.Definitions.TryGet(step.Name, null, out var other) ? other.Version : 1,
            State = step.State,
            Data = _data,
            Version = 1,
            CreatedBy = "dry-run",
            CreatedAt = Now,
            UpdatedAt = Now,
            StateEnteredAt = Now,
        };
        _linked.RemoveAll(l => l.ProcessId == step.Name);
        _linked.Add(linked);
        return $"a {step.Name} in {step.State} is linked";
    }

    private string Delegate(DryRunStep step)
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        AddDelegation(new Delegation(step.OnBehalfOf!, step.Actor, today, today.AddYears(1)) { Roles = step.Roles });
        return $"{step.Actor} may act for {step.OnBehalfOf}" + (step.Roles.Count == 0 ? string.Empty : $" with {string.Join(", ", step.Roles)}");
    }

    private DryRunOutcome Stated(DryRunStep step, string note) => new(step, State, State, null, [], note);

    private DryRunOutcome Refused(DryRunStep step, ProcessCommandException refusal)
        => new(step, State, State, refusal, [], refusal is CommandValidationException ? refusal.Message : string.Join("; ", refusal.Reasons));

    private CommandFacts Facts() => new(Now) { Delegations = [.. _delegations], Linked = [.. _linked], Managers = _managers, GuardCalls = _guardCalls };

    private GuardFunctionFailedException NotCalled(GuardCallNeededException needed)
        => new(_id, needed.Function.Name, needed.Describe(), "a dry run does not call guard functions, and it was not given this call's answer");

    private List<HistoryEntry> Keep(CommandDecision decision)
    {
        _instance = decision.After;
        if (decision.Timers is { } timers)
        {
            _timers = timers;
        }

        var entries = decision.History.ToList();
        _history.AddRange(entries);
        return entries;
    }

    private static string Describe(List<HistoryEntry> entries)
        => string.Join("; ", entries.Select(e => e switch
        {
            { Kind: HistoryKind.Decision } => $"decision recorded: {e.Decision}" + (e.SelfApproval ? " (self-approval, marked for audit)" : string.Empty) + (e.FromState != e.ToState ? $", the stage is settled: {e.ToState}" : string.Empty),
            { Kind: HistoryKind.Deadline } => $"{e.Decision}" + (e.Trigger is null ? string.Empty : $" ({e.Trigger})") + (e.FromState != e.ToState ? $": {e.FromState} -> {e.ToState}" : string.Empty),
            { Kind: HistoryKind.Checklist } => $"{e.Trigger} {e.Decision}",
            { Kind: HistoryKind.DataChanged } => "data changed",
            _ when e.FromState == e.ToState => $"{e.Trigger ?? e.Kind.ToString()} recorded; the state is unchanged",
            _ => $"{e.FromState} -> {e.ToState}",
        }));

    private static ProcessDefinitionRegistry RegistryOf(ProcessDefinition definition)
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(definition);
        return registry;
    }
}
