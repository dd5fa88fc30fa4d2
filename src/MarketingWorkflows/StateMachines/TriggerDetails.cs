namespace MarketingWorkflows.StateMachines;

/// <summary>
/// A trigger that can be fired now, with its declared parameters and whether it is guarded.
/// </summary>
/// <typeparam name="TState">The type of the states.</typeparam>
/// <typeparam name="TTrigger">The type of the triggers.</typeparam>
public class TriggerDetails<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    /// <summary>Creates the details of a trigger.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="triggerWithParameters">Its declared parameters, or <see langword="null"/>.</param>
    /// <param name="hasGuard">Whether a guard is configured for it.</param>
    public TriggerDetails(TTrigger trigger, StateMachine<TState, TTrigger>.TriggerWithParameters? triggerWithParameters, bool hasGuard)
    {
        Trigger = trigger;
        TriggerWithParameters = triggerWithParameters;
        HasGuard = hasGuard;
    }

    /// <summary>Gets the trigger.</summary>
    public TTrigger Trigger { get; }

    /// <summary>Gets the trigger's declared parameters, or <see langword="null"/> when it takes none.</summary>
    public StateMachine<TState, TTrigger>.TriggerWithParameters? TriggerWithParameters { get; }

    /// <summary>Gets the trigger's declared parameters, or <see langword="null"/> when it takes none (Stateless's name).</summary>
    public StateMachine<TState, TTrigger>.TriggerWithParameters? Parameters => TriggerWithParameters;

    /// <summary>Gets a value indicating whether the trigger has declared parameters.</summary>
    public bool HasParameters => TriggerWithParameters is not null;

    /// <summary>Gets a value indicating whether a guard is configured for the trigger.</summary>
    public bool HasGuard { get; }
}
