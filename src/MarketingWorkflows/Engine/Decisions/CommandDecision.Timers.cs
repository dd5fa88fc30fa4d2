using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Engine.Internal;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <content>Deadlines and reminders: planning them on entering a state, and firing them when due.</content>
internal sealed partial class CommandDecision
{
    private const string DeadlinePassed = HistoryEntry.DeadlinePassedDecision;
    private const string DeadlineReminder = "reminder";
    private const string DeadlineReminderSkipped = "reminder-skipped";

    private void ApplyTimer(ProcessTimer timer)
    {
        var current = _facts.Timers;
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

        RefreshAwaiting();
    }

    /// <summary>Replaces the timers with those of the current state: its deadline and the reminders around it.</summary>
    private void PlanTimers()
    {
        if (Instance.DueAt is not { } due || CurrentState.Deadline is not { } deadline)
        {
            // Timers exist only while a deadline runs: without one before or now, there is nothing to replace.
            _timers = _timers is null && _original.DueAt is null ? null : [];
            return;
        }

        var timers = new List<ProcessTimer>
        {
            new(Ids.NewVersion7(_now), Id, "deadline", Instance.State, due, deadline.OnTimeout),
        };
        foreach (var offset in deadline.Reminders)
        {
            if (due + offset > _now)
            {
                timers.Add(new ProcessTimer(Ids.NewVersion7(_now), Id, "reminder", Instance.State, due + offset, null));
            }
        }

        _timers = timers;
    }
}
