using System;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Thrown by a store when its database cannot be reached or drops the connection: a transient
/// failure, worth retrying. When it ends a commit, the command may or may not have been saved;
/// sending it again with the same idempotency key applies it exactly once.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The database client's error.</param>
    public StoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
