using System;
using System.Collections.Generic;

namespace MarketingWorkflows.Engine.Migrations;

/// <summary>What a migration did, or would do, to one instance.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="FromState">Its state before.</param>
/// <param name="ToState">Its state in the later version, or <see langword="null"/> when the plan gives none.</param>
/// <param name="Outcome">Migrated, would migrate (a dry run), or refused.</param>
/// <param name="Reasons">Why it was refused; empty otherwise.</param>
/// <param name="Notes">What moving means for it: data fields filled or dropped, open approvals and their recorded votes kept or dropped, checklist items added or dropped, its deadline and timers re-planned.</param>
public sealed record InstanceMigration(Guid InstanceId, string FromState, string? ToState, MigrationOutcome Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<string> Notes)
{
    /// <summary>Gets the instance's version after the migration (before it, when it did not move).</summary>
    public long InstanceVersion { get; init; }

    /// <summary>Gets the deadline of its state in the later version, or <see langword="null"/> when it has none (or was refused).</summary>
    public DateTimeOffset? DueAt { get; init; }
}
