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

/// <summary>Where uploaded definitions are kept.</summary>
/// <param name="Path">The folder.</param>
internal sealed record ProcessFolder(string Path);
