namespace MarketingWorkflows.Sqlite;

/// <summary>How SQLite makes a commit durable: the <c>synchronous</c> setting in WAL mode.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit is on disk before the command is acknowledged: nothing acknowledged is lost
    /// when the process or the machine stops. The default.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are on disk at each WAL checkpoint: faster, and the database stays consistent, but
    /// the last commits acknowledged before a power loss or an operating-system crash can be lost
    /// (a process crash loses nothing).
    /// </summary>
    Normal,
}
