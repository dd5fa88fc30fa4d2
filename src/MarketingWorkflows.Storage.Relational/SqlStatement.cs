using System.Collections.Generic;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>A query's text and its parameters, every value the caller gave passed as a parameter.</summary>
/// <param name="Text">The SQL, in a store's <see cref="SqlDialect"/>.</param>
/// <param name="Parameters">The parameters' names (<c>@p0</c>, <c>@p1</c>…) and values; a value may be <see cref="System.DBNull.Value"/>.</param>
public sealed record SqlStatement(string Text, IReadOnlyList<KeyValuePair<string, object>> Parameters);
