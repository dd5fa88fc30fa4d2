using System.Linq;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>What an instance's awaiting and link rows are written from, as strings to compare: a store rewrites the rows only when these change.</summary>
public static class StoreKeys
{
    /// <summary>Gets what an instance's awaiting rows are written from; the rows also carry whether the instance is completed.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The key.</returns>
    public static string AwaitingKeyOf(ProcessInstance instance)
        => (instance.IsCompleted ? "1" : "0") + string.Join('\u001f', instance.AwaitingUsers) + "\u001e" + string.Join('\u001f', instance.AwaitingRoles);

    /// <summary>Gets what an instance's link rows are written from.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The key.</returns>
    public static string LinksKeyOf(ProcessInstance instance)
        => string.Join('\u001f', instance.Links.Select(l => l.Relation + "\u001e" + l.InstanceId.ToString("D", System.Globalization.CultureInfo.InvariantCulture)));
}
