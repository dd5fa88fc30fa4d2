using System.Globalization;
using MarketingWorkflows.StateMachines.Reflection;

namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>
/// A node of a <see cref="StateGraph"/> for the decision point of a dynamic transition: the
/// source state leads to it, and it leads to each possible destination.
/// </summary>
public class Decision : State
{
    /// <summary>Creates the decision node named <c>Decision</c> followed by <paramref name="num"/>.</summary>
    /// <param name="method">The destination selector the decision stands for.</param>
    /// <param name="num">The decision's number, counted from 1 across the graph.</param>
    public Decision(InvocationInfo method, int num)
        : base("Decision" + num.ToString(CultureInfo.InvariantCulture))
    {
        Method = method;
    }

    /// <summary>Gets the description of the destination selector.</summary>
    public InvocationInfo Method { get; private set; }
}
