using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using MarketingWorkflows.Storage.Relational;
using Npgsql;

namespace MarketingWorkflows.PostgreSql;

/// <summary>Options of the PostgreSQL store.</summary>
public sealed partial class PostgreSqlStoreOptions
{
    /// <summary>
    /// Gets or sets the connection string, such as
    /// <c>Host=db;Database=workflows;Username=app;Password=…</c>. Not needed when
    /// <see cref="DataSource"/> is set.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a data source to use instead of <see cref="ConnectionString"/>, for an
    /// application that already builds one (pooling, authentication, logging). The store does not
    /// dispose it.
    /// </summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// Gets or sets the schema that holds the store's tables; created when missing. Lowercase
    /// letters, digits and underscores, starting with a letter, at most 50 characters.
    /// </summary>
    /// <value>Default: <c>marketing_workflows</c>.</value>
    public string Schema { get; set; } = "marketing_workflows";

    /// <summary>
    /// Gets or sets how many instances the store keeps its latest copy of (read or committed by
    /// this host), so that a command starts without a round trip to read the instance. A copy
    /// another host has made old costs one refused commit, after which the command reads and runs
    /// again; a command that names an expected version never starts from an older copy, so the
    /// copies never cause a conflict. Reads (<c>GetAsync</c>) always go to the database. Past the
    /// capacity the copies kept longest are dropped first. 0 keeps none.
    /// </summary>
    /// <value>Default: 20,000.</value>
    public int CachedInstances { get; set; } = 20_000;

    /// <summary>
    /// Gets the data fields the store indexes, such as <c>owner</c> or <c>region</c>: a list
    /// filtered on one of them (<see cref="MarketingWorkflows.Storage.InstanceQuery.DataField"/>)
    /// then reads that field's index in creation order and stops after its page, where a field
    /// without one is compared row by row, a cost that grows with the instances. Each field's index
    /// is created at start-up when missing (building it holds writes to the instances until it is done, so add one to a large table at a quiet time); one no longer listed is left in place (drop
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
        if (DataSource is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("ConnectionString is required (or a DataSource), such as \"Host=localhost;Database=workflows;Username=app;Password=secret\"");
        }

        if (DataSource is null && !string.IsNullOrWhiteSpace(ConnectionString))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"ConnectionString is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        if (Schema is null || !SchemaName().IsMatch(Schema))
        {
            problems.Add($"Schema '{Schema}' is not a valid schema name: use lowercase letters, digits and underscores, starting with a letter, at most 50 characters");
        }

        if (CachedInstances < 0)
        {
            problems.Add($"CachedInstances must not be negative, not {CachedInstances}");
        }

        problems.AddRange(DataFieldIndexes.Validate(nameof(IndexedDataFields), IndexedDataFields));
        return problems;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,49}$")]
    private static partial Regex SchemaName();
}
