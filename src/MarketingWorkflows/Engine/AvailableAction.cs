using System.Collections.Generic;

namespace MarketingWorkflows.Engine;

/// <summary>Whether an actor can fire a trigger now, and why not.</summary>
/// <param name="Trigger">The trigger.</param>
/// <param name="Title">The trigger's title, or its name.</param>
/// <param name="Allowed">Whether the actor can fire it now.</param>
/// <param name="Reasons">Why not (empty when allowed): a guard description, a missing role, the self-approval policy, a decision already taken, a checklist item not done.</param>
/// <param name="CommentRequired">Whether a comment must accompany it.</param>
public sealed record AvailableAction(string Trigger, string Title, bool Allowed, IReadOnlyList<string> Reasons, bool CommentRequired);
