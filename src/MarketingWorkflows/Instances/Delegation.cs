using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Instances;

/// <summary>
/// A delegation: from <see cref="From"/> to <see cref="To"/> (inclusive, UTC dates), <see cref="Delegate"/>
/// may decide on <see cref="Delegator"/>'s behalf with the delegator's <see cref="Roles"/>. The history
/// records such decisions as "by the delegate on behalf of the delegator".
/// </summary>
/// <param name="Delegator">The user who hands over.</param>
/// <param name="Delegate">The user who stands in.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record Delegation(string Delegator, string Delegate, DateOnly From, DateOnly To)
{
    /// <summary>Gets the delegator's roles the delegate may use (empty: only the approvals that name the delegator as a user).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Gets the process it is limited to, or <see langword="null"/> for every process.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets whether the delegation covers a moment in a process.</summary>
    /// <param name="at">The moment.</param>
    /// <param name="processId">The process.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Covers(DateTimeOffset at, string processId)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day >= From && day <= To && (ProcessId is null || ProcessId == processId);
    }
}
