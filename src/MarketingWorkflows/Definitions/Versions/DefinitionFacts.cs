using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions.Versions;

/// <summary>
/// A definition taken apart into facts a person can read, each at a dotted path: a part (a state,
/// a transition, a field...) with a summary, and each of its properties with its value as text.
/// Every property the file format writes is a fact, and every list whose order the file keeps is
/// a <see cref="DefinitionList"/>, so two definitions with the same facts say the same thing.
/// </summary>
internal sealed class DefinitionFacts
{
    private static readonly JsonWriterOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly List<DefinitionFact> _facts = [];
    private readonly Dictionary<string, DefinitionFact> _byPath = new(StringComparer.Ordinal);
    private readonly List<DefinitionList> _lists = [];
    private readonly Dictionary<string, DefinitionList> _listsByPath = new(StringComparer.Ordinal);

    public IReadOnlyList<DefinitionFact> Facts => _facts;

    public IReadOnlyDictionary<string, DefinitionFact> ByPath => _byPath;

    public IReadOnlyList<DefinitionList> Lists => _lists;

    public IReadOnlyDictionary<string, DefinitionList> ListsByPath => _listsByPath;

    public static DefinitionFacts Of(ProcessDefinition definition)
    {
        var facts = new DefinitionFacts();
        facts.AddProcess(definition);
        facts.AddFields(DefinitionArea.DataField, "data", "data field ", definition.Data, null, "data fields");
        facts.AddTriggers(definition.Triggers);
        facts.AddStates(definition.States);
        facts.AddChecklist(definition.Checklist);
        facts.AddMeasures(definition.Measures);
        return facts;
    }

    private void AddProcess(ProcessDefinition d)
    {
        const DefinitionArea Area = DefinitionArea.Process;
        Value(Area, "id", "process id", d.Id, null);
        Value(Area, "title", "process title", d.Title, null);
        Value(Area, "description", "process description", d.Description, null);
        Value(Area, "owner", "owner field", d.Owner, null);
        var calendar = d.Calendar;
        var standard = calendar.Holidays.Count == 0 && calendar.Weekend.Order().SequenceEqual(WorkingCalendar.Weekdays.Weekend.Order());
        Value(Area, "calendar.weekend", "calendar weekend", Join((standard ? WorkingCalendar.Weekdays : calendar).Weekend.Select(w => w.ToString().ToLowerInvariant())), null);
        Value(Area, "calendar.holidays", "calendar holidays", JoinOrNull(calendar.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), null);
    }

    private void AddFields(DefinitionArea area, string prefix, string label, IReadOnlyList<FieldDefinition> fields, string? parent, string listLabel)
    {
        foreach (var field in fields)
        {
            AddField(area, $"{prefix}.{field.Name}", label + field.Name, field, parent);
        }

        List(area, prefix, "order of " + listLabel, fields.Select(f => f.Name));
    }

    private void AddField(DefinitionArea area, string path, string label, FieldDefinition f, string? parent)
    {
        var type = f.Type == FieldType.DateTime ? "datetime" : f.Type.ToString().ToLowerInvariant();
        var value = f.Default is { } json ? Json(json) : null;
        Part(area, path, label, type + (f.Required ? ", required" : string.Empty) + (value is null ? string.Empty : ", default " + value), parent);
        Value(area, path + ".type", label + " type", type, path);
        Value(area, path + ".title", label + " title", f.Title, path);
        Value(area, path + ".required", label + " required", YesNo(f.Required), path);
        Value(area, path + ".minimum", label + " minimum", f.Minimum?.ToString(CultureInfo.InvariantCulture), path);
        Value(area, path + ".maximum", label + " maximum", f.Maximum?.ToString(CultureInfo.InvariantCulture), path);
        Value(area, path + ".values", label + " values", JoinOrNull(f.AllowedValues), path);
        Value(area, path + ".currency", label + " currency", f.Currency, path);
        Value(area, path + ".default", label + " default", value, path);
        if (f.Items is { } items)
        {
            AddField(area, path + ".items", label + " items", items, path);
        }

        if (f.Fields.Count > 0)
        {
            AddFields(area, path, label + ".", f.Fields, path, "fields of " + label);
        }
    }

    private void AddTriggers(IReadOnlyList<TriggerDefinition> triggers)
    {
        const DefinitionArea Area = DefinitionArea.Transition;
        foreach (var t in triggers)
        {
            var path = "triggers." + t.Name;
            var label = "trigger " + t.Name;
            Part(Area, path, label, t.Roles.Count == 0 ? null : "roles " + Join(t.Roles), null);
            Value(Area, path + ".title", label + " title", t.Title, path);
            Value(Area, path + ".commentRequired", label + " needs a comment", YesNo(t.CommentRequired), path);
            Value(Area, path + ".setsData", label + " sets data", YesNo(t.SetsData), path);
            Value(DefinitionArea.Role, path + ".roles", label + " roles", t.Roles.Count == 0 ? "anyone signed in" : Join(t.Roles), path);
            Value(DefinitionArea.Role, path + ".submitterOnly", label + " submitter only", YesNo(t.SubmitterOnly), path);
            AddFields(DefinitionArea.DataField, path + ".arguments", $"trigger {t.Name} argument ", t.Arguments, path, $"arguments of trigger {t.Name}");
        }

        List(Area, "triggers", "order of triggers", triggers.Select(t => t.Name));
    }

    private void AddStates(IReadOnlyList<StateDefinition> states)
    {
        const DefinitionArea Area = DefinitionArea.State;
        foreach (var s in states)
        {
            var path = "states." + s.Name;
            var label = "state " + s.Name;
            Part(Area, path, label, Summary(s), null);
            Value(Area, path + ".title", label + " title", s.Title, path);
            Value(Area, path + ".parent", label + " parent", s.Parent, path);
            Value(Area, path + ".initial", label + " initial", YesNo(s.Initial), path);
            Value(Area, path + ".initialChild", label + " initial child", s.InitialChild, path);
            Value(Area, path + ".terminal", label + " terminal", YesNo(s.Terminal), path);
            Value(Area, path + ".firstMatchWins", label + " first match wins", YesNo(s.FirstMatchWins), path);
            Value(Area, path + ".dataLocked", label + " data locked", YesNo(s.DataLocked), path);
            Value(Area, path + ".onChecklistComplete", label + " on checklist complete", s.OnChecklistComplete, path);
            AddDeadline(s, path);
            AddStage(s, path);
            AddTransitions(s, path);
        }

        List(Area, "states", "order of states", states.Select(s => s.Name));
    }

    private void AddDeadline(StateDefinition s, string parent)
    {
        if (s.Deadline is not { } d)
        {
            return;
        }

        const DefinitionArea Area = DefinitionArea.Deadline;
        var path = parent + ".deadline";
        var label = s.Name + " deadline";
        var after = d.BusinessDays is { } days ? $"{days} business day{(days == 1 ? string.Empty : "s")}" : null;
        if (d.Duration is { } duration)
        {
            after = (after is null ? string.Empty : after + " and ") + DurationText.Format(duration);
        }

        var reminders = d.Reminders.Where(r => r < TimeSpan.Zero).Select(r => -r).Order().Select(r => DurationText.Format(r) + " before")
            .Concat(d.Reminders.Contains(TimeSpan.Zero) ? ["at the deadline"] : [])
            .Concat(d.Reminders.Where(r => r > TimeSpan.Zero).Order().Select(r => DurationText.Format(r) + " after"));
        var when = after is null ? (d.At is null ? "no time" : "at " + d.At) : "after " + after;
        Part(Area, path, label, when + (d.OnTimeout is null ? string.Empty : ", then " + d.OnTimeout), parent);
        Value(Area, path + ".after", label + " after", after, path);
        Value(Area, path + ".at", label + " at", d.At, path);
        Value(Area, path + ".reminders", label + " reminders", JoinOrNull(reminders), path);
        Value(Area, path + ".onTimeout", label + " escalation (on timeout)", d.OnTimeout, path);
    }

    private void AddStage(StateDefinition s, string parent)
    {
        if (s.Approval is not { } a)
        {
            return;
        }

        const DefinitionArea Area = DefinitionArea.Stage;
        var path = parent + ".approval";
        var label = s.Name + " approval";
        var approvers = Join(a.Approvers.Select(p => $"{p.Kind.ToString().ToLowerInvariant()} {p.Value}"));
        Part(Area, path, label + " stage", $"{a.ApproveRule} of {(approvers.Length == 0 ? "(no approvers)" : approvers)}", parent);
        Value(Area, path + ".when", label + " applies when", a.When, path);
        Value(Area, path + ".approvers", label + " approvers", approvers, path);
        Value(Area, path + ".fallbackRole", label + " fallback role", a.FallbackRole, path);
        Value(Area, path + ".approve", label + " approve rule", a.ApproveRule.ToString(), path);
        Value(Area, path + ".reject", label + " reject rule", a.RejectRule.ToString(), path);
        Value(Area, path + ".selfApproval", label + " self-approval", a.SelfApproval switch
        {
            SelfApprovalMode.Forbid => "forbidden",
            SelfApprovalMode.AllowWithAuditMark => "allowed with an audit mark",
            _ => "allowed for roles",
        }, path);
        Value(Area, path + ".selfApprovalRoles", label + " self-approval roles", JoinOrNull(a.SelfApprovalRoles), path);
        Value(Area, path + ".decisions", label + " decisions", a.Decisions == DecisionSet.Approval ? "approve, reject, request changes" : "review", path);
        Value(Area, path + ".triggers", label + " triggers", $"approve {a.ApproveTrigger}, reject {a.RejectTrigger}, request changes {a.RequestChangesTrigger}, review {a.ReviewTrigger}", path);
        Value(Area, path + ".onApproved", label + " on approved", a.OnApproved, path);
        Value(Area, path + ".onRejected", label + " on rejected", a.OnRejected, path);
        Value(Area, path + ".onChangesRequested", label + " on changes requested", a.OnChangesRequested, path);
        Value(Area, path + ".maxRounds", label + " max rounds", a.MaxRounds?.ToString(CultureInfo.InvariantCulture), path);
        Value(Area, path + ".onMaxRounds", label + " on max rounds", a.OnMaxRounds, path);
    }

    private void AddTransitions(StateDefinition s, string parent)
    {
        const DefinitionArea Area = DefinitionArea.Transition;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var t in s.Transitions)
        {
            var n = seen[t.Trigger] = seen.GetValueOrDefault(t.Trigger) + 1;
            var key = n == 1 ? t.Trigger : $"{t.Trigger}#{n}";
            keys.Add(key);
            var path = $"{parent}.transitions.{key}";
            var label = $"{s.Name} --{key}-->";
            var target = t.Kind switch
            {
                TransitionKind.External => t.To ?? "(nowhere)",
                TransitionKind.Internal => "stays (internal)" + (t.To is null ? string.Empty : " " + t.To),
                _ => "re-enters" + (t.To is null ? string.Empty : " " + t.To),
            };
            Part(Area, path, $"transition {label}", target + (t.Guard is null ? string.Empty : $" if {t.Guard}"), parent);
            Value(Area, path + ".to", $"transition {label} target", target, path);
            Value(DefinitionArea.Guard, path + ".guard", $"guard of {label}", t.Guard, path);
            Value(DefinitionArea.Guard, path + ".description", $"guard description of {label}", t.GuardDescription, path);
            Value(Area, path + ".requiresChecklistComplete", $"transition {label} needs the checklist complete", YesNo(t.RequiresChecklistComplete), path);
            Value(Area, path + ".requiresLinked", $"transition {label} needs linked instances", JoinOrNull(t.RequiresLinked.Select(r => r.ToString()), "; "), path);
        }

        List(Area, parent + ".transitions", $"order of transitions from {s.Name}", keys);
    }

    private void AddChecklist(IReadOnlyList<ChecklistItemDefinition> items)
    {
        const DefinitionArea Area = DefinitionArea.Checklist;
        foreach (var item in items)
        {
            var path = "checklist." + item.Id;
            var label = "checklist item " + item.Id;
            Part(Area, path, label, (item.Title ?? item.Id) + (item.OwnerRole is null ? string.Empty : $", owner {item.OwnerRole}") + (item.Required ? string.Empty : ", optional"), null);
            Value(Area, path + ".title", label + " title", item.Title, path);
            Value(Area, path + ".owner", label + " owner role", item.OwnerRole, path);
            Value(Area, path + ".required", label + " required", YesNo(item.Required), path);
            Value(Area, path + ".due", label + " due", item.Due, path);
            Value(Area, path + ".dependsOn", label + " depends on", JoinOrNull(item.DependsOn), path);
            Value(Area, path + ".waivableBy", label + " waivable by", JoinOrNull(item.WaivableBy), path);
        }

        List(Area, "checklist", "order of checklist items", items.Select(i => i.Id));
    }

    private void AddMeasures(MeasuresDefinition? m)
    {
        if (m is null)
        {
            return;
        }

        const DefinitionArea Area = DefinitionArea.Measure;
        const string Path = "measures";
        Part(Area, Path, "measures", "budget " + m.Budget, null);
        Value(Area, Path + ".budget", "measure budget", m.Budget, Path);
        Value(Area, Path + ".spend", "measure spend", m.Spend, Path);
        Value(Area, Path + ".leads", "measure leads", m.Leads, Path);
        Value(Area, Path + ".expectedLeads", "measure expected leads", m.ExpectedLeads, Path);
        Value(Area, Path + ".revenue", "measure revenue", m.Revenue, Path);
        Value(Area, Path + ".expectedRevenue", "measure expected revenue", m.ExpectedRevenue, Path);
        Value(Area, Path + ".dimensions", "measure dimensions", JoinOrNull(m.Dimensions), Path);
        Value(Area, Path + ".date", "measure date", m.Date, Path);
        Value(Area, Path + ".submittedBy", "measure submitted by", m.SubmittedBy, Path);
    }

    private static string? Summary(StateDefinition s)
    {
        var words = new List<string>();
        if (s.Title is not null)
        {
            words.Add(s.Title);
        }

        if (s.Initial)
        {
            words.Add("initial");
        }

        if (s.Terminal)
        {
            words.Add("terminal");
        }

        if (s.Parent is not null)
        {
            words.Add("in " + s.Parent);
        }

        if (s.Approval is not null)
        {
            words.Add("approval stage");
        }

        if (s.Deadline is not null)
        {
            words.Add("deadline");
        }

        if (s.Transitions.Count > 0)
        {
            words.Add("to " + Join(s.Transitions.Select(t => t.To ?? t.Trigger).Distinct(StringComparer.Ordinal)));
        }

        return words.Count == 0 ? null : Join(words);
    }

    private void Part(DefinitionArea area, string path, string label, string? summary, string? parent)
        => Add(new DefinitionFact(area, path, label, summary, parent, IsPart: true));

    private void Value(DefinitionArea area, string path, string label, string? value, string? parent)
    {
        if (value is not null)
        {
            Add(new DefinitionFact(area, path, label, value, parent, IsPart: false));
        }
    }

    // A name the validator lets through twice would hide the second under the first's path;
    // definitions are validated when built, so the first one wins and the rest never occur.
    private void Add(DefinitionFact fact)
    {
        if (_byPath.TryAdd(fact.Path, fact))
        {
            _facts.Add(fact);
        }
    }

    private void List(DefinitionArea area, string path, string label, IEnumerable<string> keys)
    {
        var list = new DefinitionList(area, path + "[order]", label, [.. keys]);
        if (list.Keys.Count > 1 && _listsByPath.TryAdd(list.Path, list))
        {
            _lists.Add(list);
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Join(IEnumerable<string> values, string separator = ", ") => string.Join(separator, values);

    private static string? JoinOrNull(IEnumerable<string> values, string separator = ", ")
    {
        var text = string.Join(separator, values);
        return text.Length == 0 ? null : text;
    }

    private static string Json(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CompactJson))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
