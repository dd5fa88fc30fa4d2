using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a way a trigger is handled in a state.</summary>
public abstract class TransitionInfo
{
    /// <summary>
    /// The guard conditions, each with its description; empty, never <see langword="null"/>, when there are none.
    /// </summary>
    /// <remarks>A field, as in Stateless, so that code reflecting over Stateless's model ports unchanged.</remarks>
#pragma warning disable CA1051 // Stateless's shape: a public field.
    public IEnumerable<InvocationInfo> GuardConditionsMethodDescriptions;
#pragma warning restore CA1051

    /// <summary>
    /// Creates a description for a derived class to fill in: it sets <see cref="Trigger"/> and the
    /// guard descriptions.
    /// </summary>
    protected TransitionInfo()
    {
        Trigger = null!;
        GuardConditionsMethodDescriptions = [];
    }

    private protected TransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards, bool isInternal)
    {
        Trigger = trigger;
        GuardConditionsMethodDescriptions = guards;
        IsInternalTransition = isInternal;
    }

    /// <summary>Gets or sets (in a derived class) the trigger.</summary>
    public TriggerInfo Trigger { get; protected set; }

    /// <summary>Gets or sets (in a derived class) a value indicating whether this is an internal transition (no exit or entry).</summary>
    public bool IsInternalTransition { get; protected set; }
}
