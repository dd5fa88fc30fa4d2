namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>A possible destination of a dynamic transition, and when it is chosen.</summary>
public class DynamicStateInfo
{
    /// <summary>Creates a possible destination.</summary>
    /// <param name="destinationState">The destination, as text.</param>
    /// <param name="criterion">When it is chosen.</param>
    public DynamicStateInfo(string destinationState, string criterion)
    {
        DestinationState = destinationState;
        Criterion = criterion;
    }

    /// <summary>Gets the destination, as text.</summary>
    public string DestinationState { get; }

    /// <summary>Gets when the destination is chosen.</summary>
    public string Criterion { get; }
}
