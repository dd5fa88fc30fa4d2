using System.Collections.Generic;

namespace MarketingWorkflows.Instances;

/// <summary>What a command did.</summary>
/// <param name="Instance">The instance after the command.</param>
/// <param name="Events">The events the command produced.</param>
/// <param name="Replayed">Whether this is the stored result of an earlier command with the same idempotency key (nothing changed now).</param>
public sealed record CommandResult(ProcessInstance Instance, IReadOnlyList<ProcessEvent> Events, bool Replayed = false);
