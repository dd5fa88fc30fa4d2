using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Storage.Relational;

/// <summary>
/// A SQL store's reading side, as <see cref="SqlAnalyticsSource"/> uses it: the store's dialect,
/// and a read of rows on a connection of its own.
/// </summary>
public interface ISqlReader
{
    /// <summary>Gets how the store's SQL differs: table names, JSON access, booleans.</summary>
    SqlDialect Dialect { get; }

    /// <summary>Runs one query on a read connection and returns its rows.</summary>
    /// <param name="sql">The query, in <see cref="Dialect"/>, with parameters named <c>@p0</c>, <c>@p1</c>….</param>
    /// <param name="parameters">The parameters' names (with the <c>@</c>) and values.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Each row's values, <see langword="null"/> for SQL NULL.</returns>
    Task<IReadOnlyList<object?[]>> ReadRowsAsync(string sql, IReadOnlyList<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken);
}
