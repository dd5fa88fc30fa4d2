using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Engine.Migrations;

/// <summary>What a migration did, or would do (a dry run), to each open instance of the earlier version.</summary>
/// <param name="Plan">The plan.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
/// <param name="Instances">Each open instance of <see cref="MigrationPlan.FromVersion"/>, oldest first.</param>
public sealed record MigrationReport(MigrationPlan Plan, bool DryRun, IReadOnlyList<InstanceMigration> Instances)
{
    /// <summary>Gets how many instances moved (or, in a dry run, would move).</summary>
    public int Moved => Instances.Count(i => i.Outcome != MigrationOutcome.Refused);

    /// <summary>Gets how many instances were refused and left as they were.</summary>
    public int Refused => Instances.Count(i => i.Outcome == MigrationOutcome.Refused);
}
