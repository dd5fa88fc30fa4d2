using System.Data.Common;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MarketingWorkflows.Api.Webhooks;

/// <summary>
/// Tells a database fault of the webhook tables (which the host keeps beside the process store,
/// in the same database) for what it is, as the stores do for theirs: a full database or disk, or
/// one that cannot be used for now. Anything else (a bug) stays what it was.
/// </summary>
internal static class WebhookStoreFaults
{
    private const string Unchanged = " The webhook change was not saved.";

    /// <summary>Returns the fault as the store exceptions the host answers 503 for, or <see langword="null"/>.</summary>
    public static StoreUnavailableException? Classify(DbException exception) => exception switch
    {
        SqliteException { SqliteErrorCode: var code } when (code & 0xFF) == 13 => new StoreFullException($"The SQLite database is full ({exception.Message}).{Unchanged}", exception),
        SqliteException { SqliteErrorCode: var code } when (code & 0xFF) is 5 or 6 or 8 or 10 or 14 => new StoreUnavailableException($"The SQLite database cannot be used for now ({exception.Message}).{Unchanged}", exception),
        PostgresException { SqlState: "53100" } => new StoreFullException($"PostgreSQL is out of disk space ({exception.Message}).{Unchanged}", exception),
        PostgresException { SqlState: var state } when state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P0", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal) || state == "25006"
            => new StoreUnavailableException($"PostgreSQL cannot be used for now ({exception.Message}).{Unchanged}", exception),
        PostgresException => null,
        NpgsqlException => new StoreUnavailableException($"PostgreSQL cannot be reached ({exception.Message}).{Unchanged}", exception),
        _ => null,
    };
}
