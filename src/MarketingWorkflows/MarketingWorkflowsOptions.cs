using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows;

/// <summary>Options of the process engine. Validated when the engine is registered or created.</summary>
public sealed class MarketingWorkflowsOptions
{
    /// <summary>Gets or sets how many times a command without an expected version is retried when another host changed the instance first.</summary>
    /// <value>Default: 5. From 0 to 100.</value>
    public int CommandRetries { get; set; } = 5;

    /// <summary>Gets or sets the largest instance data accepted, in bytes of JSON.</summary>
    /// <value>Default: 262,144 (256 KiB). From 1,024 to 16,777,216.</value>
    public int MaxDataBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets the largest comment or reason accepted, in characters.</summary>
    /// <value>Default: 4,000. From 1 to 1,000,000.</value>
    public int MaxCommentLength { get; set; } = 4000;

    /// <summary>Gets the roles that may change any instance's data; the instance's creator and its owner (the user in the data field its definition declares as <c>owner</c>) always may.</summary>
    /// <value>Default: none.</value>
    public IList<string> DataEditorRoles { get; } = [];

    /// <summary>Gets or sets whether the host runs the timer worker, the event dispatcher and the retention worker (registered by <c>AddMarketingWorkflows</c>).</summary>
    /// <value>Default: <see langword="true"/>. Turn off on hosts that should only serve commands.</value>
    public bool RunBackgroundWorkers { get; set; } = true;

    /// <summary>Gets or sets how often the timer worker and the event dispatcher look for work when they found none.</summary>
    /// <value>Default: 1 second. From 10 milliseconds to 1 hour.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how many due timers or pending events are taken at a time. An event dispatcher
    /// that falls behind takes more: each full batch that finished within a sixteenth of
    /// <see cref="ClaimLease"/> doubles its next claim, up to eight times this size (at most
    /// 10,000), until a batch comes back less than half full or takes over a quarter of the lease.
    /// </summary>
    /// <value>Default: 100. From 1 to 10,000.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets how many times a timer or an event delivery is tried before it is given up (a timer is dropped, an event dead-lettered).</summary>
    /// <value>Default: 10. From 1 to 1,000.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before the first retry of a failed timer or delivery; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>Default: 5 seconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between retries.</summary>
    /// <value>Default: 1 hour.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long a host holds the timers and events it claimed from a store shared by
    /// several hosts (PostgreSQL). A host that stops mid-batch loses its claims after this long
    /// and another host takes them over; set it well above the time a batch takes.
    /// </summary>
    /// <value>Default: 30 seconds. From 1 second to 1 hour.</value>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long an idempotency key replays its command. A key older than this is
    /// forgotten: the same key from the same caller is then a new command. The retention worker
    /// removes older keys from the store every <see cref="RetentionInterval"/>. A replay reads the
    /// command's events from the outbox, so it may be at most <see cref="DeliveredEventRetention"/>.
    /// </summary>
    /// <value>Default: 7 days. From 1 minute to 3,650 days, and at most <see cref="DeliveredEventRetention"/>.</value>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long a delivered event stays in the outbox, counted from when its command
    /// committed; the retention worker then removes it. Pending and dead-lettered events are kept
    /// until they are delivered, however old. A removed event can no longer be replayed. It may not
    /// be shorter than <see cref="IdempotencyRetention"/>: a command sent again with its idempotency
    /// key is answered with its events, read from the outbox.
    /// </summary>
    /// <value>Default: 30 days. From 1 minute to 3,650 days, and at least <see cref="IdempotencyRetention"/>.</value>
    public TimeSpan DeliveredEventRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets how often the retention worker removes expired idempotency records and
    /// delivered events. Each run removes them <see cref="RetentionBatchSize"/> at a time, one
    /// short transaction per batch, until none is left.
    /// </summary>
    /// <value>Default: 5 minutes. From 1 second to 1 day.</value>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how many records the retention worker removes in one transaction: small enough
    /// that a command waiting for the store's writer waits only briefly.
    /// </summary>
    /// <value>Default: 500. From 1 to 100,000.</value>
    public int RetentionBatchSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets how long one call of a guard function (<c>AddGuardFunction</c>) may take. A call
    /// that takes longer, or throws, refuses its command with a
    /// <see cref="Engine.GuardFunctionFailedException"/>; nothing is changed.
    /// </summary>
    /// <value>Default: 2 seconds. From 10 milliseconds to 5 minutes.</value>
    public TimeSpan GuardFunctionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets the keys that history hashes may be keyed with, by key id. With
    /// <see cref="HistoryKeyId"/> set, each new history entry's hash is HMAC-SHA256 with that key,
    /// so someone who can write the database but does not hold the key cannot write a history that
    /// verifies. Keep every key that entries were written with: verification looks each entry's
    /// key up by its id.
    /// </summary>
    /// <value>Default: none. Each key at least 32 bytes; a key id is 1 to 64 characters.</value>
    /// <remarks>
    /// To rotate, add a new key, make it <see cref="HistoryKeyId"/>, and keep the old one here.
    /// A key is a secret: load it from a secret store, not from a file checked in with the code.
    /// </remarks>
    public IDictionary<string, byte[]> HistoryKeys { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>Gets or sets the id of the key in <see cref="HistoryKeys"/> that new history entries are keyed with, or <see langword="null"/> for plain SHA-256 hashes.</summary>
    /// <value>Default: <see langword="null"/>. When set, it must name a key in <see cref="HistoryKeys"/>.</value>
    public string? HistoryKeyId { get; set; }

    /// <summary>
    /// Gets or sets whether every history entry must be keyed. Without it, an entry without a key
    /// id is checked with plain SHA-256, as entries written before a key was configured must be —
    /// so someone who can write the database could replace a whole history with unkeyed entries.
    /// Set it once every history was written with a key (a new installation, or once the instances
    /// from before are archived): an unkeyed entry is then a problem and its instance is refused.
    /// </summary>
    /// <value>Default: <see langword="false"/>. Needs <see cref="HistoryKeyId"/>.</value>
    public bool RequireKeyedHistory { get; set; }

    /// <summary>Gets the delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    /// <param name="attempt">The retry's number.</param>
    /// <returns>The delay.</returns>
    public TimeSpan RetryDelayFor(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Checks every option and lists what is wrong.</summary>
    /// <returns>The problems, empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CommandRetries is < 0 or > 100)
        {
            problems.Add($"{nameof(CommandRetries)} is {CommandRetries}; use 0 to 100.");
        }

        if (MaxDataBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"{nameof(MaxDataBytes)} is {MaxDataBytes}; use 1,024 to 16,777,216.");
        }

        if (MaxCommentLength is < 1 or > 1_000_000)
        {
            problems.Add($"{nameof(MaxCommentLength)} is {MaxCommentLength}; use 1 to 1,000,000.");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{nameof(PollInterval)} is {PollInterval}; use 10 milliseconds to 1 hour.");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            problems.Add($"{nameof(BatchSize)} is {BatchSize}; use 1 to 10,000.");
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            problems.Add($"{nameof(MaxAttempts)} is {MaxAttempts}; use 1 to 1,000.");
        }

        if (ClaimLease < TimeSpan.FromSeconds(1) || ClaimLease > TimeSpan.FromHours(1))
        {
            problems.Add($"{nameof(ClaimLease)} is {ClaimLease}; use 1 second to 1 hour.");
        }

        if (!Within(IdempotencyRetention))
        {
            problems.Add($"{nameof(IdempotencyRetention)} is {IdempotencyRetention}; use 1 minute to 3,650 days.");
        }

        if (!Within(DeliveredEventRetention))
        {
            problems.Add($"{nameof(DeliveredEventRetention)} is {DeliveredEventRetention}; use 1 minute to 3,650 days.");
        }

        if (DeliveredEventRetention < IdempotencyRetention && Within(IdempotencyRetention) && Within(DeliveredEventRetention))
        {
            problems.Add($"{nameof(DeliveredEventRetention)} ({DeliveredEventRetention}) is shorter than {nameof(IdempotencyRetention)} ({IdempotencyRetention}): a command sent again with its key is answered with its events, so delivered events must be kept at least as long as keys. Raise {nameof(DeliveredEventRetention)} or lower {nameof(IdempotencyRetention)}.");
        }

        if (RetentionInterval < TimeSpan.FromSeconds(1) || RetentionInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(RetentionInterval)} is {RetentionInterval}; use 1 second to 1 day.");
        }

        if (RetentionBatchSize is < 1 or > 100_000)
        {
            problems.Add($"{nameof(RetentionBatchSize)} is {RetentionBatchSize}; use 1 to 100,000.");
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            problems.Add($"{nameof(RetryDelay)} ({RetryDelay}) must be positive and at most {nameof(MaxRetryDelay)} ({MaxRetryDelay}).");
        }

        if (GuardFunctionTimeout < TimeSpan.FromMilliseconds(10) || GuardFunctionTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{nameof(GuardFunctionTimeout)} is {GuardFunctionTimeout}; use 10 milliseconds to 5 minutes.");
        }

        ValidateHistoryKeys(problems);
        return problems;
    }

    private static bool Within(TimeSpan retention) => retention >= TimeSpan.FromMinutes(1) && retention <= TimeSpan.FromDays(3650);

    private void ValidateHistoryKeys(List<string> problems)
    {
        foreach (var (id, key) in HistoryKeys)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
            {
                problems.Add($"{nameof(HistoryKeys)} has a key id '{id}'; use 1 to 64 characters, not only white space.");
            }

            if (key is null || key.Length < 32)
            {
                problems.Add($"{nameof(HistoryKeys)}['{id}'] is {key?.Length ?? 0} bytes; a history key needs at least 32 (for example 32 random bytes, base64 in configuration).");
            }
        }

        if (HistoryKeyId is { } current && !HistoryKeys.ContainsKey(current))
        {
            var known = HistoryKeys.Count == 0 ? "there are none" : "the keys are " + string.Join(", ", HistoryKeys.Keys.Select(k => $"'{k}'"));
            problems.Add($"{nameof(HistoryKeyId)} is '{current}', which is not in {nameof(HistoryKeys)} ({known}); add the key or correct the id.");
        }

        if (RequireKeyedHistory && HistoryKeyId is null)
        {
            problems.Add($"{nameof(RequireKeyedHistory)} is set but {nameof(HistoryKeyId)} is not: new entries would be unkeyed; set {nameof(HistoryKeyId)} to a key in {nameof(HistoryKeys)}.");
        }
    }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message lists each one.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The MarketingWorkflows options are not valid: " + string.Join(" ", problems));
        }
    }
}
