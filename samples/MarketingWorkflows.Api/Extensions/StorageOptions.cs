namespace MarketingWorkflows.Api.Extensions;

/// <summary>Where instances are kept (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>Gets or sets the store: <c>Sqlite</c> (the default, a file created on first run) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Gets or sets the SQLite connection string. Default: a file next to the host, <c>marketingworkflows.db</c>.</summary>
    public string Sqlite { get; set; } = "Data Source=marketingworkflows.db";

    /// <summary>
    /// Gets or sets the most pages (4 KB each by default) the SQLite file may hold, which caps its
    /// size; past it, writes answer 503 <c>storage-full</c> until data is deleted or the cap raised.
    /// No cap by default.
    /// </summary>
    public long? SqliteMaxPageCount { get; set; }

    /// <summary>
    /// Gets or sets how many instances the store keeps its last committed copy of in memory, so that
    /// reading one, or a command on one, skips the database. Size it to the instances in daily use:
    /// reads of others go to the database. Default: the store's own, 20,000.
    /// </summary>
    public int? CachedInstances { get; set; }

    /// <summary>Gets or sets the PostgreSQL connection string, used when <see cref="Provider"/> is <c>PostgreSql</c>.</summary>
    public string PostgreSql { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the data fields the store indexes, so that <c>GET /api/instances?field=…</c> on
    /// one of them reads an index rather than comparing every instance: <c>owner</c> in
    /// appsettings.json, for clients that list one owner's campaigns.
    /// </summary>
    public string[] IndexedDataFields { get; set; } = [];
}
