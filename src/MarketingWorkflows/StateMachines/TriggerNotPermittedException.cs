using System;
using System.Collections.Generic;
using System.Globalization;

namespace MarketingWorkflows.StateMachines;

/// <summary>
/// Thrown when a trigger is fired in a state that does not permit it, either because nothing is
/// configured for it or because every configured behaviour's guard is unmet.
/// </summary>
/// <remarks>
/// Derives from <see cref="InvalidOperationException"/>, which is what Stateless throws, so
/// existing catch blocks keep working.
/// </remarks>
public sealed class TriggerNotPermittedException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TriggerNotPermittedException()
        : this("The trigger is not permitted in the current state.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public TriggerNotPermittedException(string message)
        : base(message)
    {
        UnmetGuards = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TriggerNotPermittedException(string message, Exception innerException)
        : base(message, innerException)
    {
        UnmetGuards = [];
    }

    /// <summary>Creates the exception for a state, a trigger and the guards that were not met.</summary>
    /// <param name="state">The state the machine is in.</param>
    /// <param name="trigger">The trigger that was fired.</param>
    /// <param name="unmetGuards">The descriptions of the unmet guards; empty when no behaviour is configured.</param>
    public TriggerNotPermittedException(object state, object trigger, IReadOnlyCollection<string> unmetGuards)
        : base(Describe(state, trigger, unmetGuards))
    {
        State = state;
        Trigger = trigger;
        UnmetGuards = unmetGuards ?? [];
    }

    /// <summary>Gets the state the machine was in, or <see langword="null"/> when not given.</summary>
    public object? State { get; }

    /// <summary>Gets the trigger that was fired, or <see langword="null"/> when not given.</summary>
    public object? Trigger { get; }

    /// <summary>Gets the descriptions of the guards that were not met; empty when nothing was configured for the trigger.</summary>
    public IReadOnlyCollection<string> UnmetGuards { get; }

    // Stateless's texts, word for word, so messages that existing code logs or matches stay the same.
    private static string Describe(object state, object trigger, IReadOnlyCollection<string> unmetGuards)
        => unmetGuards is { Count: > 0 }
            ? string.Format(
                CultureInfo.InvariantCulture,
                "Trigger '{0}' is valid for transition from state '{1}' but a guard conditions are not met. Guard descriptions: '{2}'.",
                trigger,
                state,
                string.Join(", ", unmetGuards))
            : string.Format(
                CultureInfo.InvariantCulture,
                "No valid leaving transitions are permitted from state '{1}' for trigger '{0}'. Consider ignoring the trigger.",
                trigger,
                state);
}
