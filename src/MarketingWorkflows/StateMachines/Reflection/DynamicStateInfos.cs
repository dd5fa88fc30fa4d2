using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>The possible destinations of a dynamic transition, declared for diagrams.</summary>
public class DynamicStateInfos : List<DynamicStateInfo>
{
    /// <summary>Adds a possible destination.</summary>
    /// <param name="destinationState">The destination, as text.</param>
    /// <param name="criterion">When it is chosen.</param>
    public void Add(string destinationState, string criterion) => Add(new DynamicStateInfo(destinationState, criterion));

    /// <summary>Adds a possible destination.</summary>
    /// <typeparam name="TState">The type of the states.</typeparam>
    /// <param name="destinationState">The destination.</param>
    /// <param name="criterion">When it is chosen.</param>
    public void Add<TState>(TState destinationState, string criterion)
        where TState : notnull
        => Add(new DynamicStateInfo(destinationState.ToString() ?? string.Empty, criterion));
}
