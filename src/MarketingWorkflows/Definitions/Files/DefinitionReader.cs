using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions.Internal;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>
/// Turns the node tree of a definition file into a <see cref="ProcessDefinition"/>, reporting
/// unknown keys, values of the wrong shape and missing keys with their positions. Every list
/// item becomes a model element, so the model's indexes are the file's indexes.
/// </summary>
internal sealed partial class DefinitionReader
{
    /// <summary>Gets the guard functions the definitions read are checked against.</summary>
    public Expressions.GuardFunctionCatalog GuardFunctions { get; init; } = Expressions.GuardFunctionCatalog.Empty;

    internal static readonly string[] TopKeys = ["$schema", "id", "version", "title", "description", "calendar", "data", "owner", "measures", "triggers", "states", "checklist"];
    internal static readonly string[] MeasuresKeys = ["budget", "spend", "leads", "expectedLeads", "revenue", "expectedRevenue", "dimensions", "date", "submittedBy"];
    internal static readonly string[] FieldKeys = ["name", "type", "title", "required", "minimum", "maximum", "values", "currency", "items", "fields", "default"];
    internal static readonly string[] TriggerKeys = ["name", "title", "roles", "submitterOnly", "commentRequired", "setsData", "arguments"];
    internal static readonly string[] StateKeys = ["name", "title", "parent", "initial", "initialChild", "terminal", "firstMatchWins", "dataLocked", "onChecklistComplete", "deadline", "approval", "transitions"];
    internal static readonly string[] TransitionKeys = ["trigger", "to", "internal", "reentry", "guard", "description", "requiresLinked", "requiresChecklistComplete"];
    internal static readonly string[] LinkRequirementKeys = ["process", "states", "atLeastOne"];
    internal static readonly string[] DecisionTriggerKeys = ["approve", "reject", "requestChanges", "review"];
    internal static readonly string[] DeadlineKeys = ["businessDays", "duration", "at", "remindBefore", "remindAt", "remindAfter", "onTimeout"];
    internal static readonly string[] ApprovalKeys = ["when", "approvers", "fallbackRole", "approve", "reject", "selfApproval", "selfApprovalRoles", "decisions", "triggers", "onApproved", "onRejected", "onChangesRequested", "maxRounds", "onMaxRounds"];
    internal static readonly string[] ApproverKeys = ["user", "role", "relative"];
    internal static readonly string[] ChecklistKeys = ["id", "title", "owner", "required", "due", "dependsOn", "waivableBy"];
    internal static readonly string[] CalendarKeys = ["weekend", "holidays"];
    internal static readonly string[] TypeNames = ["string", "number", "money", "date", "datetime", "duration", "boolean", "enum", "list", "object"];

    private readonly List<DefinitionProblem> _problems = [];
    private readonly Dictionary<string, SourceNode> _locations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flagged = new(StringComparer.Ordinal);

    public IReadOnlyList<DefinitionProblem> Problems => _problems;

    public IReadOnlyDictionary<string, SourceNode> Locations => _locations;

    public bool HasTopLevelUnknownKey { get; private set; }

    /// <summary>Gets whether a problem was already reported at this path or above it.</summary>
    public bool IsFlagged(string path)
    {
        for (var current = path; ; current = Parent(current))
        {
            if (_flagged.Contains(current))
            {
                return true;
            }

            if (current.Length == 0)
            {
                return false;
            }
        }
    }

    internal static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private void Problem(string code, string path, SourceNode at, string message)
    {
        _locations.TryAdd(path, at);
        _flagged.Add(path);
        _problems.Add(new DefinitionProblem(code, path, message));
    }

    public ProcessDefinition Read(SourceNode root)
    {
        _locations[string.Empty] = root;
        var top = Map(root, string.Empty, TopKeys, "A definition file");
        var id = Text(top, "id", string.Empty, required: true) ?? string.Empty;
        var version = Integer(top, "version", string.Empty) ?? 1;
        var title = Text(top, "title", string.Empty);
        var description = Text(top, "description", string.Empty);
        var calendar = ReadCalendar(top);
        var data = FieldList(top, "data", string.Empty);
        var owner = Text(top, "owner", string.Empty);
        var measures = top.TryGetValue("measures", out var measuresEntry) ? ReadMeasures(measuresEntry.Value, "measures") : null;
        var triggers = List(top, "triggers", string.Empty, ReadTrigger);
        var states = List(top, "states", string.Empty, ReadState, required: true);
        var checklist = List(top, "checklist", string.Empty, ReadChecklistItem);
        return new ProcessDefinition(id, version, title, description, data, triggers, states, checklist, calendar)
        {
            Owner = owner,
            Measures = measures,
            GuardFunctions = GuardFunctions,
        };
    }

    private MeasuresDefinition? ReadMeasures(SourceNode node, string path)
    {
        var map = Map(node, path, MeasuresKeys, "'measures'");
        if (node.Kind != SourceKind.Map)
        {
            return null;
        }

        return new MeasuresDefinition(Text(map, "budget", path, required: true) ?? string.Empty)
        {
            Spend = Text(map, "spend", path),
            Leads = Text(map, "leads", path),
            ExpectedLeads = Text(map, "expectedLeads", path),
            Revenue = Text(map, "revenue", path),
            ExpectedRevenue = Text(map, "expectedRevenue", path),
            Dimensions = Texts(map, "dimensions", path),
            Date = Text(map, "date", path),
            SubmittedBy = Text(map, "submittedBy", path),
        };
    }

    private IReadOnlyList<FieldDefinition> FieldList(Dictionary<string, SourceEntry> map, string key, string path)
        => List(map, key, path, (node, at) => ReadField(node, at, named: true));

    private FieldDefinition ReadField(SourceNode node, string path, bool named)
    {
        var map = Map(node, path, named ? FieldKeys : FieldKeys.Where(k => k != "name").ToArray(), named ? "A field" : "'items'");
        var name = named ? Text(map, "name", path, required: true) ?? string.Empty : "item";
        var typeName = Text(map, "type", path, required: true);
        var type = FieldType.String;
        if (typeName is not null)
        {
            var parsed = ParseType(typeName);
            if (parsed is null)
            {
                Problem(DefinitionErrorCodes.InvalidValue, Join(path, "type"), map["type"].Value,
                    $"'{typeName}' is not a field type.{Binder.Suggest(typeName, TypeNames)} The types are: {string.Join(", ", TypeNames)}.");
            }
            else
            {
                type = parsed.Value;
            }
        }

        var items = map.TryGetValue("items", out var itemsEntry) ? ReadField(itemsEntry.Value, Join(path, "items"), named: false) : null;
        var fields = FieldList(map, "fields", path);
        JsonElement? defaultValue = map.TryGetValue("default", out var defaultEntry) ? ToJson(defaultEntry.Value) : null;
        return new FieldDefinition(name, type)
        {
            Title = Text(map, "title", path),
            Required = Boolean(map, "required", path),
            Minimum = Decimal(map, "minimum", path),
            Maximum = Decimal(map, "maximum", path),
            AllowedValues = Texts(map, "values", path),
            Currency = Text(map, "currency", path),
            Items = items,
            Fields = fields,
            Default = defaultValue,
        };
    }

    private static FieldType? ParseType(string text) => text switch
    {
        "string" => FieldType.String,
        "number" => FieldType.Number,
        "money" => FieldType.Money,
        "date" => FieldType.Date,
        "datetime" => FieldType.DateTime,
        "duration" => FieldType.Duration,
        "boolean" or "bool" => FieldType.Boolean,
        "enum" => FieldType.Enum,
        "list" => FieldType.List,
        "object" => FieldType.Object,
        _ => null,
    };

    /// <summary>Converts a node to JSON: quoted scalars are strings; plain ones are null, booleans or numbers when they read as such.</summary>
    internal static JsonElement ToJson(SourceNode node)
    {
        static JsonNode? Convert(SourceNode node)
        {
            switch (node.Kind)
            {
                case SourceKind.Map:
                    var obj = new JsonObject();
                    foreach (var entry in node.Entries)
                    {
                        obj[entry.Key] = Convert(entry.Value);
                    }

                    return obj;
                case SourceKind.List:
                    var array = new JsonArray();
                    foreach (var item in node.Items)
                    {
                        array.Add(Convert(item));
                    }

                    return array;
                default:
                    if (node.IsNull)
                    {
                        return null;
                    }

                    if (node.Style == ScalarStyle.Plain)
                    {
                        if (node.Text is "true" or "false")
                        {
                            return JsonValue.Create(node.Text == "true");
                        }

                        if (decimal.TryParse(node.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                        {
                            return JsonValue.Create(number);
                        }
                    }

                    return JsonValue.Create(node.Text);
            }
        }

        return JsonSerializer.SerializeToElement(Convert(node), DefinitionJsonContext.Default.JsonNode);
    }

    private TriggerDefinition ReadTrigger(SourceNode node, string path)
    {
        var map = Map(node, path, TriggerKeys, "A trigger");
        return new TriggerDefinition(Text(map, "name", path, required: true) ?? string.Empty)
        {
            Title = Text(map, "title", path),
            Roles = Texts(map, "roles", path),
            SubmitterOnly = Boolean(map, "submitterOnly", path),
            CommentRequired = Boolean(map, "commentRequired", path),
            SetsData = Boolean(map, "setsData", path),
            Arguments = FieldList(map, "arguments", path),
        };
    }

    private StateDefinition ReadState(SourceNode node, string path)
    {
        var map = Map(node, path, StateKeys, "A state");
        var deadline = map.TryGetValue("deadline", out var deadlineEntry) ? ReadDeadline(deadlineEntry.Value, Join(path, "deadline")) : null;
        var approval = map.TryGetValue("approval", out var approvalEntry) ? ReadApproval(approvalEntry.Value, Join(path, "approval")) : null;
        return new StateDefinition(Text(map, "name", path, required: true) ?? string.Empty)
        {
            Title = Text(map, "title", path),
            Parent = Text(map, "parent", path),
            Initial = Boolean(map, "initial", path),
            InitialChild = Text(map, "initialChild", path),
            Terminal = Boolean(map, "terminal", path),
            FirstMatchWins = Boolean(map, "firstMatchWins", path),
            DataLocked = Boolean(map, "dataLocked", path),
            OnChecklistComplete = Text(map, "onChecklistComplete", path),
            Deadline = deadline,
            Approval = approval,
            Transitions = List(map, "transitions", path, ReadTransition),
        };
    }

    private TransitionDefinition ReadTransition(SourceNode node, string path)
    {
        var map = Map(node, path, TransitionKeys, "A transition");
        var trigger = Text(map, "trigger", path, required: true) ?? string.Empty;
        var to = Text(map, "to", path);
        var isInternal = Boolean(map, "internal", path);
        var isReentry = Boolean(map, "reentry", path);
        var kind = isInternal ? TransitionKind.Internal : isReentry ? TransitionKind.Reentry : TransitionKind.External;
        if (isInternal && isReentry)
        {
            Problem(DefinitionErrorCodes.InvalidValue, Join(path, "reentry"), map["reentry"].Value, "A transition is either internal (stays, no exit or entry) or reentry (leaves and comes back), not both. Keep one.");
        }
        else if (kind != TransitionKind.External && to is not null)
        {
            var word = isInternal ? "internal" : "reentry";
            Problem(DefinitionErrorCodes.InvalidValue, Join(path, "to"), map["to"].Value, $"An {word} transition stays in its state, so it has no 'to'. Remove 'to', or remove '{word}: true'.");
        }

        return new TransitionDefinition(trigger, kind, kind == TransitionKind.External ? to : null)
        {
            Guard = Text(map, "guard", path),
            GuardDescription = Text(map, "description", path),
            RequiresLinked = List(map, "requiresLinked", path, ReadLinkRequirement),
            RequiresChecklistComplete = Boolean(map, "requiresChecklistComplete", path),
        };
    }

    private LinkRequirement ReadLinkRequirement(SourceNode node, string path)
    {
        var map = Map(node, path, LinkRequirementKeys, "A link requirement");
        return new LinkRequirement(
            Text(map, "process", path, required: true) ?? string.Empty,
            Texts(map, "states", path),
            Boolean(map, "atLeastOne", path));
    }

    private DeadlineDefinition ReadDeadline(SourceNode node, string path)
    {
        var map = Map(node, path, DeadlineKeys, "'deadline'");
        var reminders = new List<TimeSpan>();
        foreach (var (key, sign) in new[] { ("remindBefore", -1), ("remindAfter", 1) })
        {
            var texts = Texts(map, key, path);
            for (var i = 0; i < texts.Count; i++)
            {
                var at = texts.Count == 1 && map[key].Value.Kind == SourceKind.Scalar ? Join(path, key) : $"{Join(path, key)}[{i}]";
                if (Duration(_locations.GetValueOrDefault(at) ?? map[key].Value, at, key) is { } offset)
                {
                    reminders.Add(sign < 0 ? -offset : offset);
                }
            }
        }

        if (Boolean(map, "remindAt", path))
        {
            reminders.Add(TimeSpan.Zero);
        }

        // A value that failed to read stays present (as zero), so the deadline is not also reported as having neither.
        var duration = map.TryGetValue("duration", out var durationEntry) ? Duration(durationEntry.Value, Join(path, "duration"), "duration") ?? TimeSpan.Zero : (TimeSpan?)null;
        var businessDays = map.ContainsKey("businessDays") ? Integer(map, "businessDays", path) ?? 0 : (int?)null;
        return new DeadlineDefinition
        {
            BusinessDays = businessDays,
            Duration = duration,
            At = Text(map, "at", path),
            Reminders = [.. reminders.Order()],
            OnTimeout = Text(map, "onTimeout", path),
        };
    }

    private ApprovalStageDefinition ReadApproval(SourceNode node, string path)
    {
        var map = Map(node, path, ApprovalKeys, "'approval'");
        var approvers = List(map, "approvers", path, ReadApprover);
        var triggers = map.TryGetValue("triggers", out var triggersEntry) ? Map(triggersEntry.Value, Join(path, "triggers"), DecisionTriggerKeys, "'triggers'") : new Dictionary<string, SourceEntry>(StringComparer.Ordinal);
        var triggersPath = Join(path, "triggers");
        return new ApprovalStageDefinition
        {
            ApproveTrigger = Text(triggers, "approve", triggersPath) ?? "Approve",
            RejectTrigger = Text(triggers, "reject", triggersPath) ?? "Reject",
            RequestChangesTrigger = Text(triggers, "requestChanges", triggersPath) ?? "RequestChanges",
            ReviewTrigger = Text(triggers, "review", triggersPath) ?? "Review",
            When = Text(map, "when", path),
            Approvers = approvers.OfType<ApproverDefinition>().ToArray(),
            FallbackRole = Text(map, "fallbackRole", path),
            ApproveRule = Rule(map, "approve", path),
            RejectRule = Rule(map, "reject", path),
            SelfApproval = Choice(map, "selfApproval", path, SelfApprovalMode.Forbid, ("forbid", SelfApprovalMode.Forbid), ("audit", SelfApprovalMode.AllowWithAuditMark), ("roles", SelfApprovalMode.AllowForRoles)),
            SelfApprovalRoles = Texts(map, "selfApprovalRoles", path),
            Decisions = Choice(map, "decisions", path, DecisionSet.Approval, ("approval", DecisionSet.Approval), ("review", DecisionSet.Review)),
            OnApproved = Text(map, "onApproved", path, required: true) ?? string.Empty,
            OnRejected = Text(map, "onRejected", path),
            OnChangesRequested = Text(map, "onChangesRequested", path),
            MaxRounds = Integer(map, "maxRounds", path),
            OnMaxRounds = Text(map, "onMaxRounds", path),
        };
    }

    private ApproverDefinition? ReadApprover(SourceNode node, string path)
    {
        var map = Map(node, path, ApproverKeys, "An approver");
        if (node.Kind != SourceKind.Map)
        {
            return null;
        }

        if (map.Count != 1)
        {
            Problem(DefinitionErrorCodes.InvalidValue, path, node, "An approver names exactly one of 'user', 'role' or 'relative', such as { role: finance }.");
            return null;
        }

        var (key, entry) = map.Single();
        var value = Text(map, key, path);
        if (value is null)
        {
            return null;
        }

        _locations[path] = entry.Value;
        var kind = key switch
        {
            "user" => ApproverKind.User,
            "role" => ApproverKind.Role,
            _ => ApproverKind.Relative,
        };
        return new ApproverDefinition(kind, value);
    }

    private ApprovalRule Rule(Dictionary<string, SourceEntry> map, string key, string path)
    {
        var node = Value(map, key, path, required: false);
        if (node is null)
        {
            return ApprovalRule.Any;
        }

        var text = node.Kind == SourceKind.Scalar ? node.Text?.Trim() : null;
        switch (text)
        {
            case "any":
                return ApprovalRule.Any;
            case "all":
                return ApprovalRule.All;
            case { } t when t.EndsWith('%') && int.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent):
                return ApprovalRule.AtLeastPercent(percent);
            case { } t when int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count):
                return ApprovalRule.AtLeast(count);
        }

        Problem(DefinitionErrorCodes.InvalidValue, Join(path, key), node, $"'{key}' must be any, all, a number of approvers (2) or a percentage (60%), not {node.Describe()}.");
        return ApprovalRule.Any;
    }

    private ChecklistItemDefinition ReadChecklistItem(SourceNode node, string path)
    {
        var map = Map(node, path, ChecklistKeys, "A checklist item");
        return new ChecklistItemDefinition(Text(map, "id", path, required: true) ?? string.Empty)
        {
            Title = Text(map, "title", path),
            OwnerRole = Text(map, "owner", path),
            Required = Boolean(map, "required", path, fallback: true),
            Due = Text(map, "due", path),
            DependsOn = Texts(map, "dependsOn", path),
            WaivableBy = Texts(map, "waivableBy", path),
        };
    }

    private WorkingCalendar ReadCalendar(Dictionary<string, SourceEntry> top)
    {
        if (!top.TryGetValue("calendar", out var entry))
        {
            return WorkingCalendar.Weekdays;
        }

        var map = Map(entry.Value, "calendar", CalendarKeys, "'calendar'");
        var weekend = new List<DayOfWeek>();
        var days = Texts(map, "weekend", "calendar");
        for (var i = 0; i < days.Count; i++)
        {
            if (System.Enum.TryParse<DayOfWeek>(days[i], ignoreCase: true, out var day) && !int.TryParse(days[i], out _))
            {
                weekend.Add(day);
            }
            else if (days[i].Length > 0)
            {
                var at = $"calendar.weekend[{i}]";
                Problem(DefinitionErrorCodes.InvalidValue, at, _locations.GetValueOrDefault(at) ?? entry.Value, $"'{days[i]}' is not a day of the week: use monday ... sunday.");
            }
        }

        var holidays = new List<DateOnly>();
        var dates = Texts(map, "holidays", "calendar");
        for (var i = 0; i < dates.Count; i++)
        {
            if (DateOnly.TryParseExact(dates[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                holidays.Add(date);
            }
            else if (dates[i].Length > 0)
            {
                var at = $"calendar.holidays[{i}]";
                Problem(DefinitionErrorCodes.InvalidValue, at, _locations.GetValueOrDefault(at) ?? entry.Value, $"'{dates[i]}' is not a date: write it as 2026-12-25.");
            }
        }

        return map.ContainsKey("weekend") ? new WorkingCalendar(weekend, holidays) : new WorkingCalendar(WorkingCalendar.Weekdays.Weekend, holidays);
    }
}
