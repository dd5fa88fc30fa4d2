using System;

namespace MarketingWorkflows.Storage;

/// <summary>Thrown by a store when a caller's idempotency key is already recorded.</summary>
/// <param name="idempotencyKey">The key.</param>
public sealed class DuplicateCommandException(string idempotencyKey)
    : Exception($"A command with the idempotency key '{idempotencyKey}' has already been applied.")
{
    /// <summary>Gets the key.</summary>
    public string IdempotencyKey { get; } = idempotencyKey;
}
