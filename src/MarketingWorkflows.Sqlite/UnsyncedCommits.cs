using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MarketingWorkflows.Sqlite;

/// <summary>
/// While held, commits on a connection do not wait for the disk: <c>synchronous = NORMAL</c>,
/// which in WAL mode writes a commit to the log without syncing it (checkpoints still sync, and
/// the next synced commit syncs the log, these pages with it; the database stays consistent).
/// Disposing it sets the connection's own setting again, whether or not the write succeeded: the
/// writer's next group, or the next user of a pooled connection, must be as durable as before.
/// For writes whose loss in a power cut costs only doing them again: the event dispatcher's
/// bookkeeping, retention's batches.
/// </summary>
internal readonly struct UnsyncedCommits : IDisposable
{
    private readonly SqliteConnection? _connection;
    private readonly string? _setting;

    /// <summary>Relaxes <paramref name="connection"/>, whose setting is <paramref name="setting"/> (by name or number), when <paramref name="relax"/> and the setting waits for the disk.</summary>
    public UnsyncedCommits(SqliteConnection connection, string setting, bool relax = true)
    {
        if (relax && WaitsForDisk(setting))
        {
            Set(connection, "NORMAL");
            _connection = connection;
            _setting = setting;
        }
    }

    /// <summary>Relaxes a connection whose setting is not known, such as a pooled one: reads it first.</summary>
    public static UnsyncedCommits On(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA synchronous;";
        return new UnsyncedCommits(connection, Convert.ToString(read.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>Sets the connection's own setting again.</summary>
    public void Dispose()
    {
        if (_connection is { } connection)
        {
            Set(connection, _setting!);
        }
    }

    private static bool WaitsForDisk(string setting)
        => setting is "2" or "3"
           || string.Equals(setting, "FULL", StringComparison.OrdinalIgnoreCase)
           || string.Equals(setting, "EXTRA", StringComparison.OrdinalIgnoreCase);

    private static void Set(SqliteConnection connection, string setting)
    {
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {setting};";
        pragma.ExecuteNonQuery();
    }
}
