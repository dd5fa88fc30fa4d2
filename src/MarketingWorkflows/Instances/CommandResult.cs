using System.Collections.Generic;

namespace MarketingWorkflows.Instances;

/// <summary>What a command did.</summary>
/// <param name="Instance">
/// The instance after the command. In a replay (<paramref name="Replayed"/>), the instance as it is
/// now: its <see cref="ProcessInstance.Version"/> is the one the command produced, or a later one
/// when other commands have changed the instance since.
/// </param>
/// <param name="Events">
/// The events the command produced. In a replay, the events of the version the command produced,
/// as the outbox holds them (delivered events are kept at least as long as idempotency keys).
/// </param>
/// <param name="Replayed">
/// Whether this answers a command sent again with the same idempotency key: the earlier command
/// was applied once, and nothing changed now.
/// </param>
public sealed record CommandResult(ProcessInstance Instance, IReadOnlyList<ProcessEvent> Events, bool Replayed = false);
