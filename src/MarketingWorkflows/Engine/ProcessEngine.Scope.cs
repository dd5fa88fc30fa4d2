using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.StateMachines;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Engine;

/// <content>One command's work: the rules applied to a copy of the instance, and what to commit.</content>
public sealed partial class ProcessEngine
{
    private static readonly JsonElement EmptyObject = JsonSerializer.SerializeToElement(new Dictionary<string, string>(), EngineJsonContext.Default.DictionaryStringString);

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

    private sealed class Scope
    {
        private const string DeadlinePassed = Analytics.AnalyticsModel.DeadlinePassed;
        private const string DeadlineReminder = "reminder";
        private const string DeadlineReminderSkipped = "reminder-skipped";

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_eventBuffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_eventWriter;

        private readonly ProcessEngine _engine;
        private readonly ProcessDefinition _definition;
        private readonly CompiledProcess _process;
        private readonly DefinitionFacts _facts;
        private readonly DateTimeOffset _now;
        private readonly long _newVersion;
        // Most commands add one entry and one event.
        private Collected<HistoryEntry> _history;
        private Collected<ProcessEvent> _events;
        private IReadOnlyList<ProcessTimer>? _timers;
        private string _head;
        private long _count;
        private readonly ProcessInstance _original;
        private ProcessInstance _instance;
        private bool _owned;

        public Scope(ProcessEngine engine, ProcessInstance instance, ProcessDefinition definition, DateTimeOffset now)
        {
            _engine = engine;
            _definition = definition;
            _process = definition.Compile();
            _facts = DefinitionFacts.For(definition);
            _now = now;
            _instance = instance;
            _original = instance;
            _newVersion = instance.HistoryCount == 0 ? 1 : instance.Version + 1;
            _head = instance.HistoryHead;
            _count = instance.HistoryCount;
        }

        /// <summary>Gets or sets the instance as the command has changed it so far; a set instance is a copy this scope owns.</summary>
        public ProcessInstance Instance
        {
            get => _instance;
            set
            {
                _instance = value;
                _owned = true;
            }
        }

        private Guid Id => Instance.Id;

        private StateDefinition CurrentState => _definition.FindState(Instance.State)!;

        public InstanceCommit ToCommit(long? expectedVersion, string? idempotencyKey)
        {
            ProcessInstance instance;
            if (_owned)
            {
                instance = _instance;
                instance.Stamp(_newVersion, _now, _head, _count);
            }
            else
            {
                instance = _instance with { Version = _newVersion, UpdatedAt = _now, HistoryHead = _head, HistoryCount = _count };
            }

            return new InstanceCommit(instance, expectedVersion, _history.ToList(), _timers, _events.ToList(), idempotencyKey) { Previous = expectedVersion is null ? null : _original };
        }

        public async ValueTask FireAsync(ProcessCommand command, CancellationToken cancellationToken)
        {
            var trigger = _definition.FindTrigger(command.Trigger)
                ?? throw NotPermitted(command.Trigger, $"the process '{_definition.Id}' has no trigger '{command.Trigger}'; its triggers are {string.Join(", ", _definition.Triggers.Select(t => t.Name))}");
            EnsureOpen(command.Trigger);
            var acting = await ResolveActingAsync(command.Actor, cancellationToken).ConfigureAwait(false);
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
                await DecideAsync(stage, decision, command, arguments, acting, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await TransitionAsync(trigger, command, arguments, acting, cancellationToken).ConfigureAwait(false);
            }

            await RefreshAwaitingAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Gets whether the command found nothing to change, so there is nothing to commit.</summary>
        public bool NothingToDo { get; private set; }

        public async ValueTask FireTimerAsync(ProcessTimer timer, CancellationToken cancellationToken)
        {
            var current = await _engine._store.GetTimersAsync(Id, cancellationToken).ConfigureAwait(false);
            if (Instance.IsCompleted || Instance.State != timer.State || !current.Any(t => t.Id == timer.Id))
            {
                // Already fired, or the instance has moved on: leaving a state cancels its timers.
                NothingToDo = true;
                return;
            }

            _timers = [.. current.Where(t => t.Id != timer.Id)];
            var state = Instance.State;
            if (timer.Kind == "reminder" && current.FirstOrDefault(t => t.State == timer.State && t.DueAt > timer.DueAt && t.DueAt <= _now) is { } later)
            {
                // Stale: the host was down past a later reminder or the deadline itself, so this one
                // would remind of something already overtaken. It is recorded, not announced.
                Record(HistoryKind.Deadline, null, DeadlineReminderSkipped, Actor.System, state, state, $"reminder due {timer.DueAt:yyyy-MM-dd HH:mm} UTC not sent: the {(later.Kind == "deadline" ? "deadline" : "next reminder")} was due too", null);
            }
            else if (timer.Kind == "reminder")
            {
                Record(HistoryKind.Deadline, null, DeadlineReminder, Actor.System, state, state, Instance.DueAt is { } due ? $"reminder: the deadline is {due:yyyy-MM-dd HH:mm} UTC" : "reminder", null);
                Emit(ProcessEventTypes.ReminderDue, Actor.System, null, null, state, state, null);
            }
            else if (timer.Trigger is { } trigger)
            {
                var to = FireKernel(trigger, EmptyObject, trigger);
                MarkEscalated(state, to, trigger);
                Enter(state, to, Actor.System.UserId);
                Record(HistoryKind.Deadline, trigger, DeadlinePassed, Actor.System, state, to, "the deadline passed", null);
                Emit(to != state ? to : ProcessEventTypes.Recorded, Actor.System, trigger, null, state, to, null);
            }
            else
            {
                Record(HistoryKind.Deadline, null, DeadlinePassed, Actor.System, state, state, "the deadline passed", null);
                Emit(ProcessEventTypes.DeadlinePassed, Actor.System, null, null, state, state, null);
            }

            await RefreshAwaitingAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask UpdateChecklistAsync(ChecklistCommand command, CancellationToken cancellationToken)
        {
            var action = command.Action.ToString();
            EnsureOpen(action);
            if (CurrentState.OnChecklistComplete is null)
            {
                var where = _definition.States.Where(s => s.OnChecklistComplete is not null).Select(s => s.Name).ToList();
                throw NotPermitted(action, where.Count == 0
                    ? $"the process '{_definition.Id}' has no checklist"
                    : $"checklist items can be changed only in {string.Join(" or ", where)}")
                ;
            }

            var item = _definition.Checklist.FirstOrDefault(i => i.Id == command.ItemId)
                ?? throw new CommandValidationException(
                    $"The process '{_definition.Id}' has no checklist item '{command.ItemId}'; its items are {string.Join(", ", _definition.Checklist.Select(i => i.Id))}.",
                    [new DataError("itemId", "is not an item of the checklist")]);
            var acting = await ResolveActingAsync(command.Actor, cancellationToken).ConfigureAwait(false);
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

            var complete = _definition.Checklist.All(i => !i.Required || Instance.Checklist.First(c => c.ItemId == i.Id).Status != ChecklistItemStatus.Open);
            if (complete)
            {
                var next = FireKernel(CompiledProcess.ChecklistCompleteTrigger, EmptyObject, "the checklist is complete");
                Enter(state, next, acting.User);
                Record(HistoryKind.Transition, CompiledProcess.ChecklistCompleteTrigger, null, Actor.System, state, next, "every required item is done or waived", null);
                Emit(next, Actor.System, CompiledProcess.ChecklistCompleteTrigger, null, state, next, null);
            }

            await RefreshAwaitingAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask UpdateDataAsync(DataCommand command, CancellationToken cancellationToken)
        {
            const string action = "UpdateData";
            EnsureOpen(action);
            if (SelfAndAncestors(CurrentState).FirstOrDefault(s => s.DataLocked) is { } locked)
            {
                var setters = _definition.Triggers.Where(t => t.SetsData).Select(t => t.Name).ToList();
                throw NotPermitted(action, $"the data is locked in '{locked.Name}'" + (setters.Count > 0 ? $"; change it with {string.Join(" or ", setters)}" : string.Empty));
            }

            var acting = await ResolveActingAsync(command.Actor, cancellationToken).ConfigureAwait(false);
            ThrowIfDelegationInvalid(acting, command.Actor, action);
            var owner = Instance.Data.TryGetProperty("owner", out var ownerValue) && ownerValue.ValueKind == JsonValueKind.String ? ownerValue.GetString() : null;
            if (acting.User != Instance.CreatedBy && acting.User != owner && !_engine._options.DataEditorRoles.Any(acting.Has))
            {
                throw new CommandForbiddenException(Id, command.Actor.UserId, action, $"only the creator ({Instance.CreatedBy}){(owner is null ? string.Empty : $", the owner ({owner})")} or the roles {(_engine._options.DataEditorRoles.Count == 0 ? "(none configured)" : string.Join(", ", _engine._options.DataEditorRoles))} may change the data");
            }

            CheckComment(command.Comment, false, action);
            if (command.Changes.ValueKind != JsonValueKind.Object)
            {
                throw new CommandValidationException($"The changes must be a JSON object of fields, not {command.Changes.ValueKind}.", [new DataError("$", "must be an object")]);
            }

            var merged = Merge(Instance.Data, command.Changes);
            _engine.ValidateData(_definition, merged, "The changed data");
            SetData(merged);
            var state = Instance.State;
            Record(HistoryKind.DataChanged, null, null, command.Actor, state, state, command.Comment, command.Changes.Clone());
            Emit(ProcessEventTypes.DataChanged, command.Actor, null, null, state, state, null);
            await RefreshAwaitingAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask LinkAsync(InstanceLink link, Actor actor, CancellationToken cancellationToken)
        {
            const string action = "Link";
            EnsureOpen(action);
            if (link.InstanceId == Id)
            {
                throw new CommandValidationException("An instance cannot be linked to itself.", [new DataError("instanceId", "is this instance")]);
            }

            if (await _engine._store.GetAsync(link.InstanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new InstanceNotFoundException(link.InstanceId);
            }

            if (!Instance.Links.Contains(link))
            {
                Instance = Instance with { Links = [.. Instance.Links, link] };
            }

            var state = Instance.State;
            var arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["relation"] = link.Relation, ["instanceId"] = link.InstanceId.ToString() }, EngineJsonContext.Default.DictionaryStringString);
            Record(HistoryKind.Linked, action, null, actor, state, state, null, arguments);
            Emit(ProcessEventTypes.Linked, actor, action, null, state, state, link.InstanceId.ToString());
        }

        public async ValueTask<IReadOnlyList<AvailableAction>> AvailableActionsAsync(Actor actor, CancellationToken cancellationToken)
        {
            if (Instance.IsCompleted)
            {
                return [];
            }

            var acting = await ResolveActingAsync(actor, cancellationToken).ConfigureAwait(false);
            var actions = new List<AvailableAction>();
            var stage = CurrentState.Approval;
            IReadOnlyList<ResolvedApprover> approvers = stage is null ? [] : await ApprovalTally.ResolveAsync(stage, Instance.Data, _engine._users, cancellationToken).ConfigureAwait(false);
            var names = new List<string>();
            if (stage is not null)
            {
                names.AddRange(stage.Decisions == DecisionSet.Review ? [stage.ReviewTrigger] : [stage.ApproveTrigger, stage.RequestChangesTrigger, stage.RejectTrigger]);
            }

            names.AddRange(SelfAndAncestors(CurrentState).SelectMany(s => s.Transitions).Select(t => t.Trigger));
            var context = new ExpressionContext(Instance.Data, EmptyObject, _now);
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                if (_definition.FindTrigger(name) is not { } trigger)
                {
                    continue;
                }

                var reasons = new List<string>();
                if (acting.DelegationProblem is { } delegation)
                {
                    reasons.Add(delegation);
                }

                if ((MissingRole(trigger, acting) ?? NotSubmitter(trigger, actor, acting)) is { } missing)
                {
                    reasons.Add(missing);
                }

                var isDecision = stage is not null && ApprovalTally.DecisionFor(stage, name, null) is not null;
                if (isDecision)
                {
                    reasons.AddRange(DecisionProblems(stage!, approvers, actor, acting).Select(p => p.Reason));
                }
                else
                {
                    reasons.AddRange(await LinkProblemsAsync(name, cancellationToken).ConfigureAwait(false) ?? []);
                    if (trigger.Arguments.Count == 0)
                    {
                        // Guards over arguments are checked when the trigger is fired with them.
                        var machine = _process.Machine.CreateMachine(Instance.State);
                        if (!machine.CanFire(_process.GetTrigger(name), context, out var unmet))
                        {
                            reasons.AddRange(unmet.Count > 0 ? unmet.Select(g => g + " does not hold") : [$"'{name}' cannot be fired in '{Instance.State}'"]);
                        }
                    }
                }

                var commentRequired = trigger.CommentRequired || (isDecision && ApprovalTally.DecisionFor(stage!, name, null) is { } d && ApprovalTally.NeedsComment(d));
                actions.Add(new AvailableAction(name, trigger.Title ?? name, reasons.Count == 0, reasons, commentRequired));
            }

            if (CurrentState.OnChecklistComplete is not null)
            {
                foreach (var item in _definition.Checklist)
                {
                    var current = Instance.Checklist.First(c => c.ItemId == item.Id);
                    var action = current.Status == ChecklistItemStatus.Open ? ChecklistAction.Complete : ChecklistAction.Reopen;
                    var problem = ChecklistProblem(item, current, action, acting);
                    actions.Add(new AvailableAction($"{action}:{item.Id}", $"{action} {item.Title ?? item.Id}", problem is null, problem is null ? [] : [problem.Value.Reason], false));
                    if (current.Status == ChecklistItemStatus.Open && item.WaivableBy.Count > 0)
                    {
                        var waive = ChecklistProblem(item, current, ChecklistAction.Waive, acting);
                        actions.Add(new AvailableAction($"Waive:{item.Id}", $"Waive {item.Title ?? item.Id}", waive is null, waive is null ? [] : [waive.Value.Reason], true));
                    }
                }
            }

            return actions;
        }

        public void Record(HistoryKind kind, string? trigger, string? decision, Actor actor, string from, string to, string? comment, JsonElement? arguments, bool selfApproval = false)
        {
            var digest = HistoryChain.DataDigest(Instance.Data);
            var keys = _engine._historyKeys;
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

        public void Emit(string what, Actor actor, string? trigger, string? decision, string from, string to, string? item)
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

            {
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
            }

            _events.Add(new ProcessEvent(Ids.NewVersion7(_now), _facts.EventType(what), _definition.Id, Id, _newVersion, _now, buffer.WrittenSpan.ToArray()));
        }

        /// <summary>Works out whom the instance waits on now.</summary>
        public async ValueTask RefreshAwaitingAsync(CancellationToken cancellationToken)
        {
            var state = CurrentState;
            if (Instance.IsCompleted)
            {
                Instance = Instance with { AwaitingUsers = [], AwaitingRoles = [] };
                return;
            }

            if (state.Approval is { } stage)
            {
                var approvers = await ApprovalTally.ResolveAsync(stage, Instance.Data, _engine._users, cancellationToken).ConfigureAwait(false);
                var (users, roles) = ApprovalTally.Awaiting(approvers, Votes(), Instance.EscalatedAt is null ? null : stage.FallbackRole);
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

            var triggerRoles = _facts.AwaitingRoles(state.Name);
            var owner = triggerRoles.Length == 0 && Instance.Data.TryGetProperty("owner", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
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

        /// <summary>Replaces the timers with those of the current state: its deadline and the reminders around it.</summary>
        public void PlanTimers()
        {
            if (Instance.DueAt is not { } due || CurrentState.Deadline is not { } deadline)
            {
                // Timers exist only while a deadline runs: without one before or now, there is nothing to replace.
                _timers = _timers is null && _original.DueAt is null ? null : [];
                return;
            }

            var timers = new List<ProcessTimer>();
            {
                timers.Add(new ProcessTimer(Ids.NewVersion7(_now), Id, "deadline", Instance.State, due, deadline.OnTimeout));
                foreach (var offset in deadline.Reminders)
                {
                    if (due + offset > _now)
                    {
                        timers.Add(new ProcessTimer(Ids.NewVersion7(_now), Id, "reminder", Instance.State, due + offset, null));
                    }
                }
            }

            _timers = timers;
        }

        private async ValueTask DecideAsync(ApprovalStageDefinition stage, string decision, ProcessCommand command, JsonElement arguments, Acting acting, CancellationToken cancellationToken)
        {
            var allowed = stage.Decisions == DecisionSet.Review ? ApprovalTally.ReviewDecisions : ApprovalTally.ApprovalDecisions;
            if (!allowed.Contains(decision, StringComparer.Ordinal))
            {
                throw new CommandValidationException($"'{decision}' is not a decision in '{Instance.State}'; the decisions are {string.Join(", ", allowed)}.", [new DataError("args.decision", $"must be one of {string.Join(", ", allowed)}")]);
            }

            if (ApprovalTally.NeedsComment(decision))
            {
                CheckComment(command.Comment, true, $"{command.Trigger} ({decision})");
            }

            var approvers = await ApprovalTally.ResolveAsync(stage, Instance.Data, _engine._users, cancellationToken).ConfigureAwait(false);
            var problems = DecisionProblems(stage, approvers, command.Actor, acting);
            if (problems.Count > 0)
            {
                var first = problems[0];
                throw first.Forbidden ? new CommandForbiddenException(Id, command.Actor.UserId, command.Trigger, first.Reason) : NotPermitted(command.Trigger, first.Reason);
            }

            var self = IsSubmitter(command.Actor, acting);
            var from = Instance.State;
            var asFallback = !ApprovalTally.IsApprover(approvers, acting.User, acting.Roles);
            var taken = new StageDecision(from, Instance.Round, command.Actor.UserId, command.Actor.OnBehalfOf, decision, command.Comment, _now, self) { Roles = acting.Roles, AsFallback = asFallback };

            // A decision can be changed until the round closes: a person's latest decision replaces their earlier one.
            Instance = Instance with { Decisions = [.. Instance.Decisions.Where(d => d.EffectiveUser != acting.User), taken] };
            var outcome = ApprovalTally.Outcome(stage, approvers, Votes(), Instance.Round);
            var to = from;
            if (outcome is not null)
            {
                to = FireKernel(outcome, EmptyObject, command.Trigger);
                Enter(from, to, acting.User);
            }

            Record(HistoryKind.Decision, command.Trigger, decision, command.Actor, from, to, command.Comment, arguments.GetPropertyCount() > 0 ? arguments.Clone() : null, self);
            Emit(ProcessEventTypes.DecisionRecorded, command.Actor, command.Trigger, decision, from, to, null);
            if (to != from)
            {
                Emit(to, command.Actor, command.Trigger, decision, from, to, null);
            }
        }

        private List<(bool Forbidden, string Reason)> DecisionProblems(ApprovalStageDefinition stage, IReadOnlyList<ResolvedApprover> approvers, Actor actor, Acting acting)
        {
            var problems = new List<(bool, string)>();
            if (!ApprovalTally.MayDecide(stage, approvers, acting.User, acting.Roles, Instance.EscalatedAt is not null))
            {
                problems.Add((true, $"{Who(actor)} is not an approver of '{Instance.State}'; its approvers are {ApprovalTally.Describe(stage, approvers)}"));
            }

            if (IsSubmitter(actor, acting))
            {
                switch (stage.SelfApproval)
                {
                    case SelfApprovalMode.Forbid:
                        problems.Add((true, $"{Who(actor)} submitted this round and may not decide on it: self-approval is forbidden in '{Instance.State}'"));
                        break;
                    case SelfApprovalMode.AllowForRoles when !acting.HasAny(stage.SelfApprovalRoles):
                        problems.Add((true, $"{Who(actor)} submitted this round; in '{Instance.State}' only {string.Join(", ", stage.SelfApprovalRoles)} may decide on their own submission"));
                        break;
                }
            }

            if (stage.Decisions == DecisionSet.Approval && Instance.Decisions.FirstOrDefault(d => d.EffectiveUser == acting.User) is { } earlier)
            {
                problems.Add((false, $"{acting.User} already decided in this round: {earlier.Decision} by {earlier.UserId} at {earlier.At:yyyy-MM-dd HH:mm} UTC"));
            }

            return problems;
        }

        private bool IsSubmitter(Actor actor, Acting acting)
            => Instance.Submitter is { } submitter && (submitter == actor.UserId || submitter == acting.User);

        private static string Who(Actor actor) => actor.OnBehalfOf is null ? actor.UserId : $"{actor.UserId} (on behalf of {actor.OnBehalfOf})";

        private async ValueTask TransitionAsync(TriggerDefinition trigger, ProcessCommand command, JsonElement arguments, Acting acting, CancellationToken cancellationToken)
        {
            var from = Instance.State;
            var linkProblems = await LinkProblemsAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
            if (linkProblems is { Count: > 0 })
            {
                throw new CommandNotPermittedException(Id, from, trigger.Name, linkProblems);
            }

            var to = FireKernel(trigger.Name, arguments, trigger.Name);
            MarkEscalated(from, to, trigger.Name);
            if (trigger.SetsData && arguments.GetPropertyCount() > 0)
            {
                var merged = Merge(Instance.Data, arguments);
                _engine.ValidateData(_definition, merged, $"The data after '{trigger.Name}'");
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
            var context = new ExpressionContext(Instance.Data, arguments, _now);
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

                var permitted = SelfAndAncestors(CurrentState).SelectMany(s => s.Transitions).Select(t => t.Trigger).Distinct(StringComparer.Ordinal).ToList();
                throw NotPermitted(label, $"'{label}' cannot be fired in '{Instance.State}'; allowed here: {(permitted.Count == 0 ? "nothing" : string.Join(", ", permitted))}");
            }
            catch (ExpressionEvaluationException ex)
            {
                throw NotPermitted(label, "a guard could not be evaluated: " + ex.Message);
            }
            catch (InvalidOperationException ex) when (ex is not ProcessCommandException)
            {
                throw NotPermitted(label, ex.Message);
            }

            return machine.State;
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

        private void SetData(JsonElement data)
        {
            var context = new ExpressionContext(data, EmptyObject, _now);
            Instance = Instance with
            {
                Data = data,
                DataRevision = Instance.DataRevision + 1,
                Checklist = [.. Instance.Checklist.Select(c => c with { DueAt = _process.GetDueDate(c.ItemId, context) })],
            };
            if (CurrentState.Deadline?.At is not null)
            {
                Instance = Instance with { DueAt = _process.GetDeadline(Instance.State, Instance.StateEnteredAt, context) };
                PlanTimers();
            }
        }

        // The check comes before the async body, whose closures would otherwise be allocated on every command.
        private ValueTask<List<string>?> LinkProblemsAsync(string trigger, CancellationToken cancellationToken)
            => _facts.MayRequireLinks(trigger) ? FindLinkProblemsAsync(trigger, cancellationToken) : default;

        private async ValueTask<List<string>?> FindLinkProblemsAsync(string trigger, CancellationToken cancellationToken)
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
                var linked = await LinkedAsync(requirement.Process, cancellationToken).ConfigureAwait(false);
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

        private async ValueTask<List<ProcessInstance>> LinkedAsync(string processId, CancellationToken cancellationToken)
        {
            var found = new Dictionary<Guid, ProcessInstance>();
            foreach (var link in Instance.Links)
            {
                if (await _engine._store.GetAsync(link.InstanceId, cancellationToken).ConfigureAwait(false) is { } other && other.ProcessId == processId)
                {
                    found[other.Id] = other;
                }
            }

            var skip = 0;
            while (true)
            {
                var page = await _engine._store.QueryAsync(new InstanceQuery { ProcessId = processId, LinkedTo = Id, Skip = skip, Take = 500 }, cancellationToken).ConfigureAwait(false);
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

            return [.. found.Values];
        }

        private bool IsIn(ProcessInstance other, IReadOnlyList<string> states)
        {
            if (states.Contains(other.State, StringComparer.Ordinal))
            {
                return true;
            }

            return _engine._definitions.TryGet(other.ProcessId, other.DefinitionVersion, out var definition)
                && definition.FindState(other.State) is { } state
                && SelfAndAncestors(definition, state).Any(s => states.Contains(s.Name, StringComparer.Ordinal));
        }

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

        private List<Vote> Votes() => [.. Instance.Decisions.Select(d => new Vote(d.EffectiveUser, d.Roles, d.Decision, d.AsFallback))];

        private ValueTask<Acting> ResolveActingAsync(Actor actor, CancellationToken cancellationToken)
            => actor.OnBehalfOf is null ? new(new Acting(actor.UserId, actor.Roles, null)) : ResolveDelegationAsync(actor, actor.OnBehalfOf, cancellationToken);

        private async ValueTask<Acting> ResolveDelegationAsync(Actor actor, string delegator, CancellationToken cancellationToken)
        {
            var delegations = await _engine._store.GetDelegationsAsync(actor.UserId, cancellationToken).ConfigureAwait(false);
            var delegation = delegations.LastOrDefault(d => d.Delegator == delegator && d.Covers(_now, _definition.Id));
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

            if (comment is not null && comment.Length > _engine._options.MaxCommentLength)
            {
                throw new CommandValidationException($"The comment is {comment.Length:N0} characters; the limit is {_engine._options.MaxCommentLength:N0}.", [new DataError("comment", "is too long")]);
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

        private static JsonElement Merge(JsonElement data, JsonElement changes)
        {
            var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in data.EnumerateObject())
            {
                merged[property.Name] = property.Value;
            }

            foreach (var property in changes.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    merged.Remove(property.Name);
                }
                else
                {
                    merged[property.Name] = property.Value;
                }
            }

            return JsonSerializer.SerializeToElement(merged, EngineJsonContext.Default.DictionaryStringJsonElement);
        }
    }
}

/// <summary>Serialization metadata for the engine's own JSON.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
