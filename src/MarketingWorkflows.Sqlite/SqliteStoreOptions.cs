using System;
using System.Collections.Generic;
using MarketingWorkflows.Storage.Relational;

namespace MarketingWorkflows.Sqlite;

/// <summary>Options of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the connection string, such as <c>Data Source=workflows.db</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how a commit is made durable; <see cref="SqliteSynchronous.Full"/> by default.</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>
    /// Gets or sets the most commands the writer commits in one transaction when several are
    /// waiting (group commit); each is still all-or-nothing on its own. 1 turns grouping off.
    /// </summary>
    public int MaxCommandsPerTransaction { get; set; } = 256;

    /// <summary>Gets or sets how long a connection waits for another process's lock before failing; 30 seconds by default.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many instances the store keeps parsed in memory, so that reading one whose
    /// row has not changed skips parsing its JSON (the row's version is still read every time, so a
    /// kept copy is never served stale). 20,000 by default; a campaign-approval instance takes about
    /// 1.4 KB, more with many decisions or checklist items. Set it at or above the number of
    /// instances read often: past the capacity the copies kept longest are dropped first, so a
    /// working set larger than the capacity, read round-robin, finds none. 0 keeps none.
    /// </summary>
    public int CachedInstances { get; set; } = 20_000;

    /// <summary>
    /// Gets or sets the most pages the database file may hold (SQLite's <c>max_page_count</c>,
    /// applied to every connection the store writes through), which caps the file's size at this
    /// many times the page size (4 KB by default): a write that would grow the file past it fails
    /// with a <see cref="MarketingWorkflows.Storage.StoreFullException"/> and changes nothing, as
    /// on a full disk, and writes succeed again once data is deleted or the cap raised (a cap
    /// below the file's current size holds it at that size). Use it to keep the store from filling
    /// a disk it shares. <see langword="null"/> (the default) leaves SQLite's own limit.
    /// </summary>
    public long? MaxPageCount { get; set; }

    /// <summary>
    /// Gets the data fields the store indexes, such as <c>owner</c> or <c>region</c>: a list
    /// filtered on one of them (<see cref="MarketingWorkflows.Storage.InstanceQuery.DataField"/>)
    /// then reads that field's index in creation order and stops after its page, where a field
    /// without one is compared row by row, a cost that grows with the instances. Each field's index
    /// is created at start-up when missing (on a large file, adding one takes a while once); one no longer listed is left in place (drop
    /// <c>ix_mwf_instances_data_</c>&lt;field&gt; to remove it). Each index costs every write of an
    /// instance an entry, so list the fields people filter on, not every field. Names of letters,
    /// digits and underscores, at most 40 characters. None by default.
    /// </summary>
    public IList<string> IndexedDataFields { get; set; } = [];

    /// <summary>Checks the options.</summary>
    /// <returns>Every problem found; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("ConnectionString is required, such as \"Data Source=workflows.db\"");
        }

        if (MaxCommandsPerTransaction < 1)
        {
            problems.Add($"MaxCommandsPerTransaction must be at least 1, not {MaxCommandsPerTransaction}");
        }

        if (CachedInstances < 0)
        {
            problems.Add($"CachedInstances must not be negative, not {CachedInstances}");
        }

        if (BusyTimeout < TimeSpan.Zero)
        {
            problems.Add($"BusyTimeout must not be negative, not {BusyTimeout}");
        }

        if (MaxPageCount is < 1)
        {
            problems.Add($"MaxPageCount must be at least 1 (or null for no cap), not {MaxPageCount}");
        }

        problems.AddRange(DataFieldIndexes.Validate(nameof(IndexedDataFields), IndexedDataFields));

        return problems;
    }
}
