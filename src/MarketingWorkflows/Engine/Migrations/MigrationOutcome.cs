namespace MarketingWorkflows.Engine.Migrations;

/// <summary>What a migration did, or would do, to one instance.</summary>
public enum MigrationOutcome
{
    /// <summary>The instance now runs the later version.</summary>
    Migrated,

    /// <summary>A dry run: the instance would move; nothing was changed.</summary>
    WouldMigrate,

    /// <summary>The instance cannot move (see <see cref="InstanceMigration.Reasons"/>); it was left as it was.</summary>
    Refused,
}
