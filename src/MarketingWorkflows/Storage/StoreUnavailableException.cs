using System;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Thrown by a store when its database cannot be used for now: it cannot be reached, dropped the
/// connection, is read-only, stayed locked past the busy timeout, or reported an I/O error. A
/// transient failure, worth retrying once the cause is gone. The message says the cause and
/// whether the command may have been saved; sending it again with the same idempotency key
/// applies it exactly once either way. <see cref="StoreFullException"/> is the case of a full
/// disk or database.
/// </summary>
public class StoreUnavailableException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed, whether anything was changed, and what to do.</param>
    /// <param name="innerException">The database client's error.</param>
    public StoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
