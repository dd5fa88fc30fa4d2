using System;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// An idempotency key as a store records it, beside a reference to the command's result (see
/// <see cref="RecordedCommand"/>): whose key it is, the key, what request it stood for, and when it
/// was recorded. Keys are scoped by caller: two callers'
/// equal keys are two records. A store keeps at most one record per caller and key, and compares
/// nothing but those two; the engine compares the fingerprint and the age.
/// </summary>
/// <param name="Caller">The user who sent the command (<see cref="Actor.UserId"/>, not the user acted for).</param>
/// <param name="Key">The key the caller chose.</param>
/// <param name="Fingerprint">
/// What the request was: its operation, a colon, and the SHA-256 (hexadecimal) of a canonical
/// encoding of the request. Opaque to a store, which keeps it as text.
/// </param>
/// <param name="CreatedAt">When the command was applied; a record older than <see cref="MarketingWorkflowsOptions.IdempotencyRetention"/> no longer replays.</param>
public sealed record IdempotencyRecord(string Caller, string Key, string Fingerprint, DateTimeOffset CreatedAt);
