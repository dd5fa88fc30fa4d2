namespace MarketingWorkflows.Engine;

/// <summary>
/// Thrown when a caller sends an idempotency key they used before with a different request: another
/// operation, another instance, or other arguments, data or comment. Nothing was changed, and the
/// first request's result is not returned, since it is not this request's result. Send a new
/// request with a new key.
/// </summary>
public sealed class IdempotencyKeyReusedException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="userId">The caller whose key it is.</param>
    /// <param name="message">What the key was first used for, and what this request differs in.</param>
    public IdempotencyKeyReusedException(string idempotencyKey, string userId, string message)
        : base(CommandFailure.IdempotencyKeyReused, message)
    {
        IdempotencyKey = idempotencyKey;
        UserId = userId;
    }

    /// <summary>Gets the key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets the caller whose key it is.</summary>
    public string UserId { get; }
}
