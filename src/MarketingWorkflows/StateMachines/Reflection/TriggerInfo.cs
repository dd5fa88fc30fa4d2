namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a trigger.</summary>
public class TriggerInfo
{
    internal TriggerInfo(object underlyingTrigger) => UnderlyingTrigger = underlyingTrigger;

    /// <summary>Gets the trigger value.</summary>
    public object UnderlyingTrigger { get; }

    /// <summary>Gets the trigger's text.</summary>
    /// <returns>The trigger value as text.</returns>
    public override string ToString() => UnderlyingTrigger.ToString() ?? "<null>";
}
