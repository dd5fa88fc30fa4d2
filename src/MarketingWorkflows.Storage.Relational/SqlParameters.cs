using System.Collections.Generic;
using System.Globalization;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>The parameters of one statement, named <c>@p0</c>, <c>@p1</c>… in the order they are added.</summary>
internal sealed class SqlParameters
{
    /// <summary>Gets the parameters added so far.</summary>
    public List<KeyValuePair<string, object>> List { get; } = [];

    /// <summary>Adds a value and returns the name that stands for it in the SQL.</summary>
    public string Add(object value)
    {
        var name = "@p" + List.Count.ToString(CultureInfo.InvariantCulture);
        List.Add(new KeyValuePair<string, object>(name, value));
        return name;
    }
}
