using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>
/// Moving an instance to a later version of its definition: the decision is taken on the later
/// definition, so its stage state, awaiting and timers come from the same rules every command
/// uses. What it keeps and drops:
/// <list type="bullet">
/// <item>The instance goes to the state the plan maps its state to, and keeps the time it entered
/// its state: the later version's deadline counts from that time. A deadline that had already
/// passed (and fired) in the same state is not fired again; one that passes in the later version
/// only is planned and fires when the timer worker next runs. Reminders already past are not sent.</item>
/// <item>Recorded votes of the current round are kept only when the instance stays in the same
/// approval stage and the stage's approvers, approve rule, reject rule and decision set are
/// unchanged; otherwise they are dropped (they remain in the history, and the migration's entry
/// lists them) and the approvers decide again in the same round.</item>
/// <item>Data fields the later version does not have are dropped (their values are kept in the
/// migration's entry); fields the data lacks get the plan's default, else the definition's. The
/// data must then be valid in the later version.</item>
/// <item>Checklist items keep their status by id; new items are open; removed items are dropped.</item>
/// </list>
/// </content>
internal sealed partial class CommandDecision
{
    private const string MigrateAction = "Migrate";

    private List<string>? _notes;

    /// <summary>Gets what moving the instance means for it (a migration only): data, approvals, checklist, deadline.</summary>
    public IReadOnlyList<string> Notes => _notes ?? [];

    /// <summary>Decides moving an instance of <paramref name="from"/> to <paramref name="to"/> under a checked plan; <see cref="CommandFacts.Timers"/> holds the instance's timers.</summary>
    public static CommandDecision Migrate(DecisionRules rules, ProcessDefinition from, ProcessDefinition to, ProcessInstance instance, MigrationPlanCheck plan, Actor actor, CommandFacts facts)
        => Decide(rules, to, instance, facts, (from, plan, actor), static (decision, migration) => decision.ApplyMigration(migration.from, migration.plan, migration.actor));

    private void ApplyMigration(ProcessDefinition from, MigrationPlanCheck plan, Actor actor)
    {
        var source = Instance.State;
        if (Instance.ProcessId != from.Id || Instance.DefinitionVersion != from.Version)
        {
            throw NotPermitted(MigrateAction, $"it runs {Instance.ProcessId} version {Instance.DefinitionVersion}, not {from.Id} version {from.Version}");
        }

        EnsureOpen(MigrateAction);
        if (!plan.Targets.TryGetValue(source, out var target))
        {
            throw NotPermitted(MigrateAction, $"the plan gives '{source}' no state of version {_definition.Version}; map it in the plan's states");
        }

        _notes = [];
        var (data, dropped, filled) = MigratedData(plan);
        var before = _original;
        var context = new ExpressionContext(data, EmptyObject, _now);
        Instance = Instance with
        {
            DefinitionVersion = _definition.Version,
            State = target,
            Data = data,
            DataRevision = dropped.Count + filled.Count > 0 ? before.DataRevision + 1 : before.DataRevision,
            Checklist = MigratedChecklist(context),
        };
        _dataDigest = dropped.Count + filled.Count > 0 ? null : before.DataDigest is { Length: > 0 } digest ? digest : null;
        var droppedVotes = MigrateApproval(from, source, target);
        Instance = Instance with { DueAt = _process.GetDeadline(target, Instance.StateEnteredAt, context) };
        PlanTimers();
        KeepPassedDeadline(source, target, before);
        RefreshAwaiting();

        Record(HistoryKind.Migrated, null, null, actor, source, target, $"migrated from version {from.Version} to version {_definition.Version}", MigrationArguments(from.Version, _definition.Version, plan, dropped, filled, droppedVotes));
        EmitMigrated(actor, from.Version, source, target);
    }

    /// <summary>The data in the later version: fields it does not have dropped, missing fields filled (the plan's default first), valid.</summary>
    private (JsonElement Data, Dictionary<string, JsonElement> Dropped, Dictionary<string, JsonElement> Filled) MigratedData(MigrationPlanCheck plan)
    {
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var dropped = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var filled = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in Instance.Data.EnumerateObject())
        {
            if (_definition.Data.Any(f => f.Name == property.Name))
            {
                data[property.Name] = property.Value;
            }
            else
            {
                dropped[property.Name] = property.Value;
                _notes!.Add($"data field '{property.Name}' dropped: version {_definition.Version} does not have it (its value {property.Value.GetRawText()} is kept in the history)");
            }
        }

        foreach (var field in _definition.Data)
        {
            if (data.TryGetValue(field.Name, out var present) && present.ValueKind != JsonValueKind.Null)
            {
                continue;
            }

            var fromPlan = plan.Defaults.TryGetValue(field.Name, out var value);
            if (!fromPlan && field.Default is not { } fieldDefault)
            {
                continue;
            }

            value = fromPlan ? value : field.Default!.Value;
            data[field.Name] = value;
            filled[field.Name] = value;
            _notes!.Add($"data field '{field.Name}' set to {value.GetRawText()} ({(fromPlan ? "the plan's default" : "the definition's default")})");
        }

        var migrated = dropped.Count + filled.Count == 0 ? Instance.Data : JsonSerializer.SerializeToElement(data, EngineJsonContext.Default.DictionaryStringJsonElement);
        ValidateData(migrated, $"The data in version {_definition.Version}");
        return (migrated, dropped, filled);
    }

    private List<ChecklistItemState> MigratedChecklist(in ExpressionContext context)
    {
        var items = new List<ChecklistItemState>();
        var changed = false;
        foreach (var item in _definition.Checklist)
        {
            var kept = Instance.Checklist.FirstOrDefault(c => c.ItemId == item.Id);
            if (kept is null)
            {
                changed = true;
                _notes!.Add($"checklist item '{item.Id}' added, open");
            }

            items.Add((kept ?? new ChecklistItemState(item.Id, ChecklistItemStatus.Open)) with { DueAt = _process.GetDueDate(item.Id, context) });
        }

        foreach (var gone in Instance.Checklist.Where(c => !_definition.Checklist.Any(i => i.Id == c.ItemId)))
        {
            changed = true;
            _notes!.Add($"checklist item '{gone.ItemId}' dropped ({gone.Status.ToString().ToLowerInvariant()}): version {_definition.Version} does not have it");
        }

        if (!changed && items.Count > 0)
        {
            _notes!.Add($"checklist kept: {items.Count(i => i.Status != ChecklistItemStatus.Open)} of {items.Count} items done or waived");
        }

        return items;
    }

    /// <summary>Keeps or drops the current round's votes (see the rule above); returns the dropped ones.</summary>
    private IReadOnlyList<StageDecision> MigrateApproval(ProcessDefinition from, string source, string target)
    {
        var votes = _original.Decisions;
        var oldStage = from.FindState(source)?.Approval;
        var newStage = CurrentState.Approval;
        var count = votes.Count == 1 ? "1 recorded vote" : $"{votes.Count} recorded votes";
        if (newStage is not null && oldStage is not null && source == target && SameVoting(oldStage, newStage))
        {
            _notes!.Add($"approval '{target}' stays open in round {Instance.Round}, {count} kept: its approvers and rules are unchanged");
            return [];
        }

        var reason = newStage is null
            ? oldStage is null ? null : $"'{target}' is not an approval stage in version {_definition.Version}"
            : oldStage is null || source != target
                ? $"'{target}' is another approval"
                : $"the approvers or rules of '{target}' changed in version {_definition.Version}";
        Instance = Instance with { Decisions = [], EscalatedAt = null };
        if (votes.Count > 0)
        {
            _notes!.Add($"{count} in '{source}' dropped ({reason}): they stay in the history, and the approvers decide again");
        }
        else if (oldStage is not null && reason is not null)
        {
            _notes!.Add($"approval '{source}' had no votes yet; {reason}");
        }

        if (newStage is not null && (oldStage is null || source != target || votes.Count == 0))
        {
            _notes!.Add($"approval '{target}' open in round {Instance.Round}");
        }

        return votes;
    }

    private static bool SameVoting(ApprovalStageDefinition before, ApprovalStageDefinition after)
        => before.Approvers.SequenceEqual(after.Approvers)
            && before.ApproveRule == after.ApproveRule
            && before.RejectRule == after.RejectRule
            && before.Decisions == after.Decisions;

    /// <summary>
    /// A deadline that passed (and fired, or is about to) while the instance was in the same state
    /// is not planned again; one that has not passed before is. Notes what the timers now are.
    /// </summary>
    private void KeepPassedDeadline(string source, string target, ProcessInstance before)
    {
        var due = Instance.DueAt;
        var firedBefore = source == target && before.DueAt is { } oldDue && oldDue <= _now && !_facts.Timers.Any(t => t.Kind == "deadline" && t.State == source);
        if (due is { } passed && passed <= _now && firedBefore && _timers is { } planned)
        {
            _timers = [.. planned.Where(t => t.Kind != "deadline")];
            _notes!.Add($"deadline {passed:yyyy-MM-dd HH:mm} UTC (from {Instance.StateEnteredAt:yyyy-MM-dd HH:mm} UTC) had passed in version {before.DefinitionVersion} already: it does not fire again");
            return;
        }

        if (due is { } next)
        {
            var reminders = _timers?.Count(t => t.Kind == "reminder") ?? 0;
            var when = next <= _now ? "has passed: it fires when the timer worker next runs" : $"{reminders} reminder{(reminders == 1 ? string.Empty : "s")} planned";
            var was = before.DueAt is { } oldDue2 ? $"was {oldDue2:yyyy-MM-dd HH:mm} UTC" : "had none";
            _notes!.Add($"deadline re-planned from entering '{source}' at {Instance.StateEnteredAt:yyyy-MM-dd HH:mm} UTC: due {next:yyyy-MM-dd HH:mm} UTC ({was}); {when}");
        }
        else if (before.DueAt is { } oldDue3)
        {
            _notes!.Add($"no deadline in '{target}' in version {_definition.Version} (was {oldDue3:yyyy-MM-dd HH:mm} UTC): its timers are cancelled");
        }
    }

    private static JsonElement MigrationArguments(int fromVersion, int toVersion, MigrationPlanCheck plan, Dictionary<string, JsonElement> dropped, Dictionary<string, JsonElement> filled, IReadOnlyList<StageDecision> droppedVotes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("fromVersion", fromVersion);
            writer.WriteNumber("toVersion", toVersion);
            writer.WriteStartObject("states");
            foreach (var (state, target) in plan.Targets.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(state, target);
            }

            writer.WriteEndObject();
            WriteFields(writer, "filled", filled);
            WriteFields(writer, "dropped", dropped);
            if (droppedVotes.Count > 0)
            {
                writer.WriteStartArray("droppedVotes");
                foreach (var vote in droppedVotes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("user", vote.UserId);
                    if (vote.OnBehalfOf is not null)
                    {
                        writer.WriteString("onBehalfOf", vote.OnBehalfOf);
                    }

                    writer.WriteString("decision", vote.Decision);
                    writer.WriteString("at", vote.At);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();

        static void WriteFields(Utf8JsonWriter writer, string name, Dictionary<string, JsonElement> fields)
        {
            if (fields.Count == 0)
            {
                return;
            }

            writer.WriteStartObject(name);
            foreach (var (field, value) in fields)
            {
                writer.WritePropertyName(field);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>Adds the <see cref="ProcessEventTypes.Migrated"/> event: who, the versions and the states.</summary>
    private void EmitMigrated(Actor actor, int fromVersion, string source, string target)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("actor", actor.UserId);
            if (actor.OnBehalfOf is not null)
            {
                writer.WriteString("onBehalfOf", actor.OnBehalfOf);
            }

            writer.WriteString("from", source);
            writer.WriteString("to", target);
            writer.WriteNumber("fromVersion", fromVersion);
            writer.WriteNumber("toVersion", _definition.Version);
            writer.WriteNumber("round", Instance.Round);
            writer.WriteEndObject();
        }

        _events.Add(new ProcessEvent(Ids.NewVersion7(_now), _shape.EventType(ProcessEventTypes.Migrated), _definition.Id, Id, _newVersion, _now, buffer.WrittenSpan.ToArray()));
    }
}
