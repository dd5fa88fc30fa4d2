using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>A transition: a trigger, where it leads, and the guard that must hold. Immutable.</summary>
public sealed class TransitionDefinition
{
    internal TransitionDefinition(string trigger, TransitionKind kind, string? to)
    {
        Trigger = trigger;
        Kind = kind;
        To = to;
    }

    /// <summary>Gets the trigger's name.</summary>
    public string Trigger { get; }

    /// <summary>Gets what the transition does with the state.</summary>
    public TransitionKind Kind { get; }

    /// <summary>Gets the destination state for an external transition; <see langword="null"/> otherwise.</summary>
    public string? To { get; }

    /// <summary>Gets the guard expression, or <see langword="null"/> for an unguarded transition.</summary>
    public string? Guard { get; internal init; }

    /// <summary>Gets the guard's description in plain words, shown when it blocks (defaults to the expression).</summary>
    public string? GuardDescription { get; internal init; }

    /// <summary>Gets what linked instances must have reached before the transition is allowed.</summary>
    public IReadOnlyList<LinkRequirement> RequiresLinked { get; internal init; } = [];

    /// <summary>Gets whether the transition is allowed only when every required checklist item is done or waived.</summary>
    public bool RequiresChecklistComplete { get; internal init; }
}
