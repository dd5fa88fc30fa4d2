using System;
using System.Globalization;
using System.IO;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// Turns SQLite's errors that say the file cannot be used for now (full, read-only, locked out,
/// unopenable, failing disk) into the store's typed errors, which say the cause and that nothing
/// was changed. A failed statement rolls its transaction back, so nothing of the command stays.
/// Other errors (a constraint, a corrupt file) are left as they are.
/// </summary>
internal static class SqliteFaults
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    private const string Unchanged = " Nothing was changed; send the request again once that is fixed (with the same idempotency key, a command is applied exactly once).";

    /// <summary>Gets the typed error for <paramref name="exception"/>, or <see langword="null"/> when it is not a fault of the file.</summary>
    /// <param name="exception">SQLite's error.</param>
    /// <param name="source">The database file, as the connection string names it.</param>
    /// <param name="busyTimeout">How long the store waits for another connection's lock.</param>
    public static StoreUnavailableException? Classify(SqliteException exception, string source, TimeSpan busyTimeout)
    {
        var name = Path.GetFileName(source);
        return (exception.SqliteErrorCode & 0xFF) switch
        {
            Full => new StoreFullException($"The SQLite database {name} is full: the disk has no room left, or the file reached its size cap (SqliteStoreOptions.MaxPageCount) ({exception.Message}). Free disk space, delete data or raise the cap.{Unchanged}", exception),
            ReadOnly => new StoreUnavailableException($"The SQLite database {name} cannot be written: it has become read-only (its permissions, a file system mounted read-only, or the file was moved or deleted while open) ({exception.Message}).{Unchanged}", exception),
            Busy or Locked => new StoreUnavailableException($"The SQLite database {name} stayed locked by another connection or process for longer than the busy timeout ({busyTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s) ({exception.Message}).{Unchanged}", exception),
            CantOpen => new StoreUnavailableException($"The SQLite database {name} cannot be opened ({exception.Message}): check that the file and its folder exist and are readable and writable.{Unchanged}", exception),
            IoError => new StoreUnavailableException($"The disk under the SQLite database {name} reported an I/O error ({exception.Message}): check the disk and the file system.{Unchanged}", exception),
            _ => null,
        };
    }
}
