using System;

namespace MarketingWorkflows.Storage;

/// <summary>
/// Thrown by a store when a write needs room the database does not have: the disk is full, or
/// the database reached a size cap (SQLite's <c>max_page_count</c>, PostgreSQL's SQLSTATE
/// <c>53100</c> disk_full). The write was rolled back: nothing was changed. Reads still work;
/// writes succeed again as soon as room is made, without a restart. A kind of
/// <see cref="StoreUnavailableException"/>, so code that retries on that retries on this too.
/// </summary>
public sealed class StoreFullException : StoreUnavailableException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">Which database is full, that nothing was changed, and what to do.</param>
    /// <param name="innerException">The database client's error.</param>
    public StoreFullException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
