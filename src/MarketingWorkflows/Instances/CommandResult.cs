using System.Collections.Generic;

namespace MarketingWorkflows.Instances;

/// <summary>What a command did.</summary>
/// <param name="Instance">The instance after the command. In a replay, the instance as it is now: at the version the command produced, or a later one when other commands have changed it since.</param>
/// <param name="Events">The events the command produced. In a replay, those events as the outbox holds them (delivered events are kept at least as long as idempotency keys).</param>
/// <param name="Replayed">Whether this answers a command sent again with the same idempotency key: it was applied once, earlier, and nothing changed now.</param>
public sealed record CommandResult(ProcessInstance Instance, IReadOnlyList<ProcessEvent> Events, bool Replayed = false);
