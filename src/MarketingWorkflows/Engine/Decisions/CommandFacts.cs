using System;
using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.Decisions;

/// <summary>
/// What a decision needs to know beyond the definition, the instance and the command: gathered
/// by the engine from its store and user directory, or stated by a dry run. A fact left at its
/// default means "none": no delegations, no managers known, nothing linked, no timers.
/// </summary>
/// <param name="Now">The time the command happens at.</param>
internal sealed record CommandFacts(DateTimeOffset Now)
{
    /// <summary>Gets the delegations to the acting user (only read when the command is on someone's behalf).</summary>
    public IReadOnlyList<Delegation> Delegations { get; init; } = [];

    /// <summary>Gets each known user's manager, for relative approvers such as <c>owner.manager</c>; a user not listed has none.</summary>
    public IReadOnlyDictionary<string, string> Managers { get; init; } = NoManagers;

    /// <summary>Gets the instances linked to or from this one (read when a transition requires linked instances).</summary>
    public IReadOnlyList<ProcessInstance> Linked { get; init; } = [];

    /// <summary>Gets the instance's timers (read by a timer command).</summary>
    public IReadOnlyList<ProcessTimer> Timers { get; init; } = [];

    /// <summary>Gets the instance a link command links to, or <see langword="null"/> when it does not exist.</summary>
    public ProcessInstance? LinkTarget { get; init; }

    /// <summary>
    /// Gets the answers of the guard function calls the command's guards make, gathered by the
    /// engine before it decides (or stated by a dry run). A call without an answer stops the
    /// decision with a <see cref="Expressions.Internal.GuardCallNeededException"/>: the engine
    /// makes the call and decides again.
    /// </summary>
    public Expressions.Internal.GuardCallResults GuardCalls { get; init; } = Expressions.Internal.GuardCallResults.Empty;

    private static readonly IReadOnlyDictionary<string, string> NoManagers = new Dictionary<string, string>(StringComparer.Ordinal);
}
