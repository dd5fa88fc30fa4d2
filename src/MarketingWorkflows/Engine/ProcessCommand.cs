using System;
using System.Text.Json;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>A trigger fired at an instance by an actor.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Trigger">The trigger's name. In an approval stage, <c>Approve</c>, <c>Reject</c> and <c>RequestChanges</c> are decisions; a review stage's decision trigger carries a <c>decision</c> argument.</param>
/// <param name="Actor">Who fires it.</param>
public sealed record ProcessCommand(Guid InstanceId, string Trigger, Actor Actor)
{
    /// <summary>Gets the trigger's arguments, a JSON object, or <see langword="null"/>.</summary>
    public JsonElement? Arguments { get; init; }

    /// <summary>Gets the comment, or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the version the caller last saw; the command fails with a conflict if the instance has moved on. <see langword="null"/> to apply to whatever is current.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Gets a key that makes the command safe to retry: a command with a key seen before returns the first result and changes nothing.</summary>
    public string? IdempotencyKey { get; init; }
}
