using System;
using MarketingWorkflows.Storage;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>
/// Turns PostgreSQL's errors that say the database cannot be used for now (a full disk, a
/// read-only server, one shutting down or out of connections, a lost connection) into the
/// store's typed errors, which say the cause and whether anything was changed. Other errors (a
/// constraint, a syntax error) are left as they are.
/// </summary>
internal static class PostgreSqlFaults
{
    private const string Unchanged = " Nothing was changed; send the request again once that is fixed (with the same idempotency key, a command is applied exactly once).";

    private const string InDoubt = " The command may or may not have been saved: send it again with the same idempotency key, and it is applied exactly once.";

    /// <summary>Gets the typed error for <paramref name="exception"/>, or <see langword="null"/> when it is not a fault of the database's availability.</summary>
    /// <param name="exception">Npgsql's error.</param>
    /// <param name="where">The server and database, as <c>host:port/database</c>.</param>
    /// <param name="inDoubt">Whether a commit may have reached the server before the connection failed.</param>
    public static StoreUnavailableException? Classify(NpgsqlException exception, string where, bool inDoubt)
    {
        if (exception is PostgresException server)
        {
            // The server answered with an error, so it rolled the transaction back.
            var cause = $"({server.SqlState}: {server.MessageText})";
            return server.SqlState switch
            {
                "53100" or "53000" => new StoreFullException($"The PostgreSQL database at {where} is full: the server's disk has no room left {cause}. Free space on the server's disk.{Unchanged}", exception),
                "25006" => new StoreUnavailableException($"The PostgreSQL database at {where} is read-only: the server is a standby, or default_transaction_read_only is on {cause}. Point the store at the primary.{Unchanged}", exception),
                "53200" or "53300" or "53400" => new StoreUnavailableException($"The PostgreSQL server at {where} is out of resources (memory, connections or a configured limit) {cause}.{Unchanged}", exception),
                "57P01" or "57P02" or "57P03" => new StoreUnavailableException($"The PostgreSQL server at {where} is shutting down, restarting or not yet accepting connections {cause}.{Unchanged}", exception),
                "58030" => new StoreUnavailableException($"The disk under the PostgreSQL database at {where} reported an I/O error {cause}.{Unchanged}", exception),
                { } state when state.StartsWith("08", StringComparison.Ordinal) => new StoreUnavailableException($"The connection to PostgreSQL at {where} failed {cause}.{Unchanged}", exception),
                _ when server.IsTransient => new StoreUnavailableException($"PostgreSQL at {where} refused the statement for now {cause}; try again.{Unchanged}", exception),
                _ => null,
            };
        }

        return exception.IsTransient
            ? new StoreUnavailableException($"PostgreSQL at {where} could not be reached or dropped the connection ({exception.Message})." + (inDoubt ? InDoubt : Unchanged), exception)
            : null;
    }
}
