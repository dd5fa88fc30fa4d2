namespace MarketingWorkflows.Api.Extensions;

/// <summary>The host's own settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get 413. Default: 256 KiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets how many requests one caller (user, or address when signed out) may make a minute; more get 429. Default: 600.</summary>
    public int RequestsPerMinutePerUser { get; set; } = 600;

    /// <summary>Gets or sets the folder of uploaded process definitions (JSON or YAML), loaded at start-up and written by <c>POST /api/processes</c>; relative to the content root. Default: <c>processes</c>.</summary>
    public string ProcessesFolder { get; set; } = "processes";

    /// <summary>Gets or sets whether to add demo campaigns at start-up when the store has none (also the <c>--seed-demo</c> switch). Default: false.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>
    /// Gets or sets how long a bearer token that passed validation is remembered, so that the same
    /// token on later requests skips its signature check; never past the token's expiry. A signing key
    /// withdrawn from the configuration stops its tokens only after this long. <c>00:00:00</c> turns it
    /// off. Default: one minute.
    /// </summary>
    public TimeSpan ValidatedTokenLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets whether <c>POST /api/demo/token</c> issues tokens for the demo users. Honoured only in Development. Default: false.</summary>
    public bool DemoSignIn { get; set; }
}

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

/// <summary>Where uploaded definitions are kept.</summary>
/// <param name="Path">The folder.</param>
internal sealed record ProcessFolder(string Path);
