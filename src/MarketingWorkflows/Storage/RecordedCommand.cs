using System;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A command's idempotency record as <see cref="IIdempotencyStore.FindCommandAsync"/> finds it: the
/// key with what it stood for, and a reference to the command's result (the instance and the
/// version the command produced), not a copy of it. The engine builds a replay from the reference:
/// the instance as it is now, and the events that version produced.
/// </summary>
/// <param name="Record">The key, whose it is, what request it stood for and when it was recorded.</param>
/// <param name="InstanceId">The instance the command started or changed.</param>
/// <param name="InstanceVersion">The instance's version after the command: its events carry this <see cref="ProcessEvent.InstanceVersion"/>.</param>
public sealed record RecordedCommand(IdempotencyRecord Record, Guid InstanceId, long InstanceVersion);
