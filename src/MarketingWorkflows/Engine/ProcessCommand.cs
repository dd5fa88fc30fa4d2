using System;
using System.Collections.Generic;
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

/// <summary>Whether an actor can fire a trigger now, and why not.</summary>
/// <param name="Trigger">The trigger.</param>
/// <param name="Title">The trigger's title, or its name.</param>
/// <param name="Allowed">Whether the actor can fire it now.</param>
/// <param name="Reasons">Why not (empty when allowed): a guard description, a missing role, the self-approval policy, a decision already taken, a checklist item not done.</param>
/// <param name="CommentRequired">Whether a comment must accompany it.</param>
public sealed record AvailableAction(string Trigger, string Title, bool Allowed, IReadOnlyList<string> Reasons, bool CommentRequired);
