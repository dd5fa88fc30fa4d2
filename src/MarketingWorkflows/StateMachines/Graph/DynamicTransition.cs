using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>An edge of a <see cref="StateGraph"/> from a decision node to one possible destination.</summary>
public class DynamicTransition : Transition
{
    /// <summary>Creates the edge.</summary>
    /// <param name="sourceState">The decision node.</param>
    /// <param name="destinationState">The possible destination.</param>
    /// <param name="trigger">The trigger of the dynamic transition.</param>
    /// <param name="criterion">When the selector chooses this destination.</param>
    public DynamicTransition(State sourceState, State destinationState, TriggerInfo trigger, string criterion)
        : base(sourceState, trigger)
    {
        DestinationState = destinationState;
        Criterion = criterion;
    }

    /// <summary>Gets the possible destination.</summary>
    public State DestinationState { get; private set; }

    /// <summary>Gets when the selector chooses this destination.</summary>
    public string Criterion { get; private set; }
}
