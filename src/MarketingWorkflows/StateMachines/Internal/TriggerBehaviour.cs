using System;
using System.Threading.Tasks;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Internal;

/// <summary>What a configured trigger does in a state.</summary>
internal enum BehaviourKind
{
    /// <summary>Moves to a fixed destination.</summary>
    Transitioning,

    /// <summary>Leaves and re-enters the configured state.</summary>
    Reentry,

    /// <summary>Moves to a destination chosen at run time.</summary>
    Dynamic,

    /// <summary>Does nothing, without error.</summary>
    Ignored,

    /// <summary>Runs an action and stays in the state, without exit or entry.</summary>
    Internal,
}

/// <summary>One configured handling of a trigger in one state.</summary>
internal sealed class TriggerBehaviour<TState, TTrigger>
    where TState : notnull
    where TTrigger : notnull
{
    private TriggerBehaviour(BehaviourKind kind, TTrigger trigger, TransitionGuard guard)
    {
        Kind = kind;
        Trigger = trigger;
        Guard = guard ?? TransitionGuard.Empty;
    }

    public BehaviourKind Kind { get; }

    public TTrigger Trigger { get; }

    public TransitionGuard Guard { get; }

    /// <summary>Gets the destination of a <see cref="BehaviourKind.Transitioning"/> or <see cref="BehaviourKind.Reentry"/> behaviour.</summary>
    public TState Destination { get; private init; } = default!;

    /// <summary>Gets the destination selector of a <see cref="BehaviourKind.Dynamic"/> behaviour.</summary>
    public Func<object[], TState>? Selector { get; private init; }

    /// <summary>Gets the asynchronous destination selector of a <see cref="BehaviourKind.Dynamic"/> behaviour, when it has one instead of <see cref="Selector"/>.</summary>
    public Func<object[], Task<TState>>? AsyncSelector { get; private init; }

    /// <summary>Gets a value indicating whether choosing this behaviour or its destination needs awaiting.</summary>
    public bool NeedsAsyncLookup => Guard.HasAsync || AsyncSelector is not null;

    public InvocationInfo? SelectorMethod { get; private init; }

    public DynamicStateInfos? PossibleDestinations { get; private init; }

    /// <summary>Gets the action of an <see cref="BehaviourKind.Internal"/> behaviour.</summary>
    public StateAction<TState, TTrigger>? Action { get; private init; }

    public static TriggerBehaviour<TState, TTrigger> Transitioning(TTrigger trigger, TState destination, TransitionGuard guard)
        => new(BehaviourKind.Transitioning, trigger, guard) { Destination = destination };

    public static TriggerBehaviour<TState, TTrigger> Reentry(TTrigger trigger, TState destination, TransitionGuard guard)
        => new(BehaviourKind.Reentry, trigger, guard) { Destination = destination };

    public static TriggerBehaviour<TState, TTrigger> Dynamic(
        TTrigger trigger,
        Func<object[], TState> selector,
        Delegate describedSelector,
        string? selectorDescription,
        TransitionGuard guard,
        DynamicStateInfos? possibleDestinations)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(BehaviourKind.Dynamic, trigger, guard)
        {
            Selector = selector,
            SelectorMethod = InvocationInfo.Create(describedSelector, selectorDescription),
            PossibleDestinations = possibleDestinations,
        };
    }

    public static TriggerBehaviour<TState, TTrigger> DynamicAsync(
        TTrigger trigger,
        Func<object[], Task<TState>> selector,
        Delegate describedSelector,
        string? selectorDescription,
        TransitionGuard guard,
        DynamicStateInfos? possibleDestinations)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(BehaviourKind.Dynamic, trigger, guard)
        {
            AsyncSelector = selector,
            SelectorMethod = InvocationInfo.Create(describedSelector, selectorDescription, InvocationInfo.Timing.Asynchronous),
            PossibleDestinations = possibleDestinations,
        };
    }

    public static TriggerBehaviour<TState, TTrigger> Ignored(TTrigger trigger, TransitionGuard guard)
        => new(BehaviourKind.Ignored, trigger, guard);

    public static TriggerBehaviour<TState, TTrigger> Internal(TTrigger trigger, TransitionGuard guard, StateAction<TState, TTrigger> action)
        => new(BehaviourKind.Internal, trigger, guard) { Action = action };
}
