using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>A command's idempotency key and its first result, as <see cref="IIdempotencyStore.FindCommandAsync"/> finds them.</summary>
/// <param name="Record">The key, whose it is, what request it stood for and when it was recorded.</param>
/// <param name="Result">The command's first result, marked <see cref="CommandResult.Replayed"/>.</param>
public sealed record RecordedCommand(IdempotencyRecord Record, CommandResult Result);
