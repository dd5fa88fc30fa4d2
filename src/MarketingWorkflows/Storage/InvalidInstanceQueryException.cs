using System;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Thrown by a store when an <see cref="InstanceQuery"/> asks for text no store can compare: a
/// <see cref="InstanceQuery.DataField"/> or <see cref="InstanceQuery.DataValue"/> with the
/// character U+0000 (PostgreSQL text cannot hold it) or with half of a surrogate pair (it is not
/// Unicode text, and has no UTF-8 form). Every store refuses such a query the same way, before
/// reading anything; leave the character out.
/// </summary>
public sealed class InvalidInstanceQueryException : ArgumentException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What is wrong with the query and what would make it work.</param>
    /// <param name="paramName">The query's property that is wrong, such as <c>DataField</c>.</param>
    public InvalidInstanceQueryException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
