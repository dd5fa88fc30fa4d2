using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>The instance's data and links: a new instance's data, changes to it, and links to other instances.</content>
internal sealed partial class CommandDecision
{
    private void ApplyStart(JsonElement data, Actor actor, IReadOnlyList<InstanceLink> links)
    {
        var filled = WithDefaults(data);
        ValidateData(filled, "The data");
        foreach (var link in links)
        {
            if (!_facts.Linked.Any(other => other.Id == link.InstanceId))
            {
                throw new InstanceNotFoundException(link.InstanceId);
            }
        }

        var state = Instance.State;
        var context = new ExpressionContext(filled, EmptyObject, _now);
        _dataDigest = null;
        Instance = Instance with
        {
            Data = filled,
            DueAt = _process.GetDeadline(state, _now, context),
            Checklist = [.. _definition.Checklist.Select(item => new ChecklistItemState(item.Id, ChecklistItemStatus.Open, DueAt: _process.GetDueDate(item.Id, context)))],
            Links = [.. links.Distinct()],
        };
        RefreshAwaiting();
        PlanTimers();
        Record(HistoryKind.Started, null, null, actor, state, state, null, filled);
        Emit(ProcessEventTypes.Started, actor, null, null, state, state, null);
    }

    private void ApplyDataChange(DataCommand command)
    {
        const string action = "UpdateData";
        EnsureOpen(action);
        if (SelfAndAncestors(CurrentState).FirstOrDefault(s => s.DataLocked) is { } locked)
        {
            var setters = _definition.Triggers.Where(t => t.SetsData).Select(t => t.Name).ToList();
            throw NotPermitted(action, $"the data is locked in '{locked.Name}'" + (setters.Count > 0 ? $"; change it with {string.Join(" or ", setters)}" : string.Empty));
        }

        var acting = ResolveActing(command.Actor);
        ThrowIfDelegationInvalid(acting, command.Actor, action);
        var owner = _definition.Owner is { } ownerField && Instance.Data.TryGetProperty(ownerField, out var ownerValue) && ownerValue.ValueKind == JsonValueKind.String ? ownerValue.GetString() : null;
        var editors = _rules.Options.DataEditorRoles;
        if (acting.User != Instance.CreatedBy && acting.User != owner && !editors.Any(acting.Has))
        {
            throw new CommandForbiddenException(Id, command.Actor.UserId, action, $"only the creator ({Instance.CreatedBy}){(owner is null ? string.Empty : $", the owner ({owner})")} or the roles {(editors.Count == 0 ? "(none configured)" : string.Join(", ", editors))} may change the data");
        }

        CheckComment(command.Comment, false, action);
        if (command.Changes.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException($"The changes must be a JSON object of fields, not {command.Changes.ValueKind}.", [new DataError("$", "must be an object")]);
        }

        var merged = Merge(Instance.Data, command.Changes);
        ValidateData(merged, "The changed data");
        SetData(merged);
        var state = Instance.State;
        Record(HistoryKind.DataChanged, null, null, command.Actor, state, state, command.Comment, command.Changes.Clone());
        Emit(ProcessEventTypes.DataChanged, command.Actor, null, null, state, state, null);
        RefreshAwaiting();
    }

    private void ApplyLink(InstanceLink link, Actor actor)
    {
        const string action = "Link";
        EnsureOpen(action);
        if (link.InstanceId == Id)
        {
            throw new CommandValidationException("An instance cannot be linked to itself.", [new DataError("instanceId", "is this instance")]);
        }

        if (_facts.LinkTarget?.Id != link.InstanceId)
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

    /// <summary>Replaces the data: a new data revision, and the due dates that depend on it.</summary>
    private void SetData(JsonElement data)
    {
        var context = new ExpressionContext(data, EmptyObject, _now);
        _dataDigest = null;
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

    /// <summary>Checks data against the definition's schema and the size limit.</summary>
    private void ValidateData(JsonElement data, string what)
    {
        var size = data.GetRawText().Length;
        var limit = _rules.Options.MaxDataBytes;
        if (size > limit)
        {
            throw new CommandValidationException($"{what} is {size:N0} bytes; the limit is {limit:N0} (MaxDataBytes).", [new DataError("$", "is too large")]);
        }

        var errors = _definition.ValidateData(data);
        if (errors.Count > 0)
        {
            throw new CommandValidationException($"{what} of '{_definition.Id}' is not valid: {string.Join("; ", errors)}.", errors);
        }
    }

    /// <summary>Fills in the defaults of fields the data leaves out.</summary>
    private JsonElement WithDefaults(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new CommandValidationException($"The data of a '{_definition.Id}' instance must be a JSON object, not {data.ValueKind}.", [new DataError("$", "must be an object")]);
        }

        if (!_definition.Data.Any(f => f.Default is not null && !data.TryGetProperty(f.Name, out _)))
        {
            return data.Clone();
        }

        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in data.EnumerateObject())
        {
            merged[property.Name] = property.Value;
        }

        foreach (var field in _definition.Data)
        {
            if (field.Default is { } value && !merged.ContainsKey(field.Name))
            {
                merged[field.Name] = value;
            }
        }

        return JsonSerializer.SerializeToElement(merged, EngineJsonContext.Default.DictionaryStringJsonElement);
    }

    /// <summary>Merges changes into data: a field replaces the stored one, <c>null</c> removes it.</summary>
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
