using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>Adds reminders and a timeout outcome to a deadline.</summary>
public sealed class DeadlineBuilder
{
    private readonly List<TimeSpan> _reminders = [];
    private string? _onTimeout;

    internal DeadlineBuilder()
    {
    }

    /// <summary>Reminds the people the state waits on some time before the deadline.</summary>
    /// <param name="before">How long before the deadline.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindBefore(TimeSpan before)
    {
        _reminders.Add(-before);
        return this;
    }

    /// <summary>Reminds them when the deadline passes.</summary>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindAt()
    {
        _reminders.Add(TimeSpan.Zero);
        return this;
    }

    /// <summary>Reminds them some time after the deadline.</summary>
    /// <param name="after">How long after the deadline.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder RemindAfter(TimeSpan after)
    {
        _reminders.Add(after);
        return this;
    }

    /// <summary>Fires a trigger when the deadline passes: escalate, auto-reject, auto-approve.</summary>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>This builder.</returns>
    public DeadlineBuilder OnTimeout(string trigger)
    {
        _onTimeout = trigger;
        return this;
    }

    internal DeadlineDefinition Build(int? businessDays, TimeSpan? duration, string? at) => new()
    {
        BusinessDays = businessDays,
        Duration = duration,
        At = at,
        Reminders = [.. _reminders],
        OnTimeout = _onTimeout,
    };
}
