using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MarketingWorkflows.Expressions.Internal;

namespace MarketingWorkflows.Definitions.Files;

/// <summary>
/// Writes a definition in the file format as JSON, keys in a fixed order and defaults left out,
/// so equal definitions produce equal text: the basis of content comparison and hashing, and a
/// way to save a definition built in C# as a file.
/// </summary>
internal static class DefinitionWriter
{
    public static string ToJson(ProcessDefinition definition, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, definition);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, ProcessDefinition d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteNumber("version", d.Version);
        Optional(w, "title", d.Title);
        Optional(w, "description", d.Description);
        if (!IsDefaultCalendar(d.Calendar))
        {
            w.WriteStartObject("calendar");
            w.WriteStartArray("weekend");
            foreach (var day in d.Calendar.Weekend)
            {
                w.WriteStringValue(day.ToString().ToLowerInvariant());
            }

            w.WriteEndArray();
            if (d.Calendar.Holidays.Count > 0)
            {
                w.WriteStartArray("holidays");
                foreach (var holiday in d.Calendar.Holidays)
                {
                    w.WriteStringValue(holiday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        Fields(w, "data", d.Data);
        Optional(w, "owner", d.Owner);
        if (d.Measures is { } measures)
        {
            w.WriteStartObject("measures");
            w.WriteString("budget", measures.Budget);
            Optional(w, "spend", measures.Spend);
            Optional(w, "leads", measures.Leads);
            Optional(w, "expectedLeads", measures.ExpectedLeads);
            Optional(w, "revenue", measures.Revenue);
            Optional(w, "expectedRevenue", measures.ExpectedRevenue);
            Texts(w, "dimensions", measures.Dimensions);
            Optional(w, "date", measures.Date);
            Optional(w, "submittedBy", measures.SubmittedBy);
            w.WriteEndObject();
        }

        if (d.Triggers.Count > 0)
        {
            w.WriteStartArray("triggers");
            foreach (var trigger in d.Triggers)
            {
                w.WriteStartObject();
                w.WriteString("name", trigger.Name);
                Optional(w, "title", trigger.Title);
                Texts(w, "roles", trigger.Roles);
                Flag(w, "submitterOnly", trigger.SubmitterOnly);
                Flag(w, "commentRequired", trigger.CommentRequired);
                Flag(w, "setsData", trigger.SetsData);
                Fields(w, "arguments", trigger.Arguments);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("states");
        foreach (var state in d.States)
        {
            WriteState(w, state);
        }

        w.WriteEndArray();
        if (d.Checklist.Count > 0)
        {
            w.WriteStartArray("checklist");
            foreach (var item in d.Checklist)
            {
                w.WriteStartObject();
                w.WriteString("id", item.Id);
                Optional(w, "title", item.Title);
                Optional(w, "owner", item.OwnerRole);
                if (!item.Required)
                {
                    w.WriteBoolean("required", false);
                }

                Optional(w, "due", item.Due);
                Texts(w, "dependsOn", item.DependsOn);
                Texts(w, "waivableBy", item.WaivableBy);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter w, StateDefinition state)
    {
        w.WriteStartObject();
        w.WriteString("name", state.Name);
        Optional(w, "title", state.Title);
        Optional(w, "parent", state.Parent);
        Flag(w, "initial", state.Initial);
        Optional(w, "initialChild", state.InitialChild);
        Flag(w, "terminal", state.Terminal);
        Flag(w, "firstMatchWins", state.FirstMatchWins);
        Flag(w, "dataLocked", state.DataLocked);
        Optional(w, "onChecklistComplete", state.OnChecklistComplete);
        if (state.Deadline is { } deadline)
        {
            w.WriteStartObject("deadline");
            if (deadline.BusinessDays is { } days)
            {
                w.WriteNumber("businessDays", days);
            }

            if (deadline.Duration is { } duration)
            {
                w.WriteString("duration", DurationText.Format(duration));
            }

            Optional(w, "at", deadline.At);

            Durations(w, "remindBefore", deadline.Reminders.Where(r => r < TimeSpan.Zero).Select(r => -r));
            Flag(w, "remindAt", deadline.Reminders.Contains(TimeSpan.Zero));
            Durations(w, "remindAfter", deadline.Reminders.Where(r => r > TimeSpan.Zero));
            Optional(w, "onTimeout", deadline.OnTimeout);
            w.WriteEndObject();
        }

        if (state.Approval is { } approval)
        {
            w.WriteStartObject("approval");
            Optional(w, "when", approval.When);
            w.WriteStartArray("approvers");
            foreach (var approver in approval.Approvers)
            {
                w.WriteStartObject();
                w.WriteString(approver.Kind.ToString().ToLowerInvariant(), approver.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Optional(w, "fallbackRole", approval.FallbackRole);
            Rule(w, "approve", approval.ApproveRule);
            Rule(w, "reject", approval.RejectRule);
            if (approval.SelfApproval != SelfApprovalMode.Forbid)
            {
                w.WriteString("selfApproval", approval.SelfApproval == SelfApprovalMode.AllowWithAuditMark ? "audit" : "roles");
            }

            Texts(w, "selfApprovalRoles", approval.SelfApprovalRoles);
            if (approval.Decisions != DecisionSet.Approval)
            {
                w.WriteString("decisions", "review");
            }

            if (approval.ApproveTrigger != "Approve" || approval.RejectTrigger != "Reject" || approval.RequestChangesTrigger != "RequestChanges" || approval.ReviewTrigger != "Review")
            {
                w.WriteStartObject("triggers");
                w.WriteString("approve", approval.ApproveTrigger);
                w.WriteString("reject", approval.RejectTrigger);
                w.WriteString("requestChanges", approval.RequestChangesTrigger);
                w.WriteString("review", approval.ReviewTrigger);
                w.WriteEndObject();
            }

            w.WriteString("onApproved", approval.OnApproved);
            Optional(w, "onRejected", approval.OnRejected);
            Optional(w, "onChangesRequested", approval.OnChangesRequested);
            if (approval.MaxRounds is { } maxRounds)
            {
                w.WriteNumber("maxRounds", maxRounds);
            }

            Optional(w, "onMaxRounds", approval.OnMaxRounds);
            w.WriteEndObject();
        }

        if (state.Transitions.Count > 0)
        {
            w.WriteStartArray("transitions");
            foreach (var transition in state.Transitions)
            {
                w.WriteStartObject();
                w.WriteString("trigger", transition.Trigger);
                Optional(w, "to", transition.To);
                Flag(w, "internal", transition.Kind == TransitionKind.Internal);
                Flag(w, "reentry", transition.Kind == TransitionKind.Reentry);
                Optional(w, "guard", transition.Guard);
                Optional(w, "description", transition.GuardDescription);
                Flag(w, "requiresChecklistComplete", transition.RequiresChecklistComplete);
                if (transition.RequiresLinked.Count > 0)
                {
                    w.WriteStartArray("requiresLinked");
                    foreach (var requirement in transition.RequiresLinked)
                    {
                        w.WriteStartObject();
                        w.WriteString("process", requirement.Process);
                        Texts(w, "states", requirement.States);
                        Flag(w, "atLeastOne", requirement.AtLeastOne);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Fields(Utf8JsonWriter w, string name, IReadOnlyList<FieldDefinition> fields)
    {
        if (fields.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var field in fields)
        {
            Field(w, field, named: true);
        }

        w.WriteEndArray();
    }

    private static void Field(Utf8JsonWriter w, FieldDefinition field, bool named)
    {
        w.WriteStartObject();
        if (named)
        {
            w.WriteString("name", field.Name);
        }

        w.WriteString("type", field.Type == FieldType.DateTime ? "datetime" : field.Type.ToString().ToLowerInvariant());
        Optional(w, "title", field.Title);
        Flag(w, "required", field.Required);
        if (field.Minimum is { } min)
        {
            w.WriteNumber("minimum", min);
        }

        if (field.Maximum is { } max)
        {
            w.WriteNumber("maximum", max);
        }

        Texts(w, "values", field.AllowedValues);
        Optional(w, "currency", field.Currency);
        if (field.Items is { } items)
        {
            w.WritePropertyName("items");
            Field(w, items, named: false);
        }

        Fields(w, "fields", field.Fields);
        if (field.Default is { } value)
        {
            w.WritePropertyName("default");
            value.WriteTo(w);
        }

        w.WriteEndObject();
    }

    private static void Rule(Utf8JsonWriter w, string name, ApprovalRule rule)
    {
        switch (rule.Kind)
        {
            case ApprovalRuleKind.Any:
                return;
            case ApprovalRuleKind.Count:
                w.WriteNumber(name, rule.Count);
                return;
            default:
                w.WriteString(name, rule.ToString());
                return;
        }
    }

    private static void Durations(Utf8JsonWriter w, string name, IEnumerable<TimeSpan> values)
    {
        var list = values.Order().ToList();
        if (list.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in list)
        {
            w.WriteStringValue(DurationText.Format(value));
        }

        w.WriteEndArray();
    }

    private static void Texts(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Flag(Utf8JsonWriter w, string name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
    }

    private static bool IsDefaultCalendar(WorkingCalendar calendar)
        => calendar.Holidays.Count == 0 && calendar.Weekend.Order().SequenceEqual(WorkingCalendar.Weekdays.Weekend.Order());
}
