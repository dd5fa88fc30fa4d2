using System;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A store cannot start: its database is not one of ours, has a newer schema, is read-only or
/// cannot be reached. Nothing was changed. The message says what was found and what to do.
/// </summary>
public sealed class StoreStartupException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What was found and what to do.</param>
    /// <param name="innerException">The database's own error, or <see langword="null"/>.</param>
    public StoreStartupException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
