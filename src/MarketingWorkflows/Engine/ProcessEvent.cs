using System;
using System.Text.Json;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Something that happened to an instance, for handlers and webhooks; saved to the outbox in the
/// same transaction as the change. Its fields map onto a CloudEvents envelope: id, type, source
/// (the process), subject (the instance), time, data.
/// </summary>
/// <param name="Id">The event's id.</param>
/// <param name="Type">The type, <c>marketingworkflows.{process}.{what}</c>, such as <c>marketingworkflows.campaign-approval.approved</c>: <c>what</c> is the state entered in kebab case, or one of <see cref="ProcessEventTypes"/>.</param>
/// <param name="ProcessId">The process.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="InstanceVersion">The instance version the event produced.</param>
/// <param name="Time">When.</param>
/// <param name="Data">The event's details: actor, trigger, from and to states, decision, item.</param>
public sealed record ProcessEvent(Guid Id, string Type, string ProcessId, Guid InstanceId, long InstanceVersion, DateTimeOffset Time, JsonElement Data)
{
    /// <summary>Builds an event type: <c>marketingworkflows.{processId}.{what}</c>.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="what">The state entered (turned into kebab case) or one of <see cref="ProcessEventTypes"/>.</param>
    /// <returns>The type.</returns>
    public static string TypeOf(string processId, string what)
    {
        ArgumentNullException.ThrowIfNull(processId);
        ArgumentNullException.ThrowIfNull(what);
        var builder = new System.Text.StringBuilder("marketingworkflows.", 32 + processId.Length + what.Length);
        builder.Append(processId).Append('.');
        for (var i = 0; i < what.Length; i++)
        {
            var c = what[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && what[i - 1] != '-')
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The event kinds other than entering a state (which is named after the state).</summary>
public static class ProcessEventTypes
{
    /// <summary>An instance started.</summary>
    public const string Started = "started";

    /// <summary>A decision was recorded in an approval stage that has not settled yet.</summary>
    public const string DecisionRecorded = "decision-recorded";

    /// <summary>A trigger was recorded without a change of state (an internal transition such as an escalation).</summary>
    public const string Recorded = "recorded";

    /// <summary>The instance's data changed.</summary>
    public const string DataChanged = "data-changed";

    /// <summary>A checklist item was completed, reopened or waived.</summary>
    public const string ChecklistItemChanged = "checklist-item-changed";

    /// <summary>The instance was linked to another.</summary>
    public const string Linked = "linked";
}

/// <summary>A durable timer: a deadline or a reminder of an instance's state.</summary>
/// <param name="Id">The timer's id.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="Kind"><c>deadline</c> or <c>reminder</c>.</param>
/// <param name="State">The state the timer belongs to; it is void once the instance has left it.</param>
/// <param name="DueAt">When it fires.</param>
/// <param name="Trigger">The trigger a deadline fires, or <see langword="null"/>.</param>
public sealed record ProcessTimer(Guid Id, Guid InstanceId, string Kind, string State, DateTimeOffset DueAt, string? Trigger);
