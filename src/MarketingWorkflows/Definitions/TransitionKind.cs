namespace MarketingWorkflows.Definitions;

/// <summary>What a transition does with the state.</summary>
public enum TransitionKind
{
    /// <summary>Moves to <see cref="TransitionDefinition.To"/>, running exit and entry actions.</summary>
    External,

    /// <summary>Leaves and re-enters the same state.</summary>
    Reentry,

    /// <summary>Stays in the state without exit or entry: records the action only.</summary>
    Internal,
}
