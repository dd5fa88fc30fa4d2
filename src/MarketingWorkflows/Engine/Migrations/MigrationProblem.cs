namespace MarketingWorkflows.Engine.Migrations;

/// <summary>One thing wrong with a <see cref="MigrationPlan"/>: where in the plan, and what would make it work.</summary>
/// <param name="Path">Where: <c>fromVersion</c>, <c>toVersion</c>, <c>states.{state}</c> or <c>dataDefaults.{field}</c>.</param>
/// <param name="Message">What is wrong and what would make it work.</param>
public sealed record MigrationProblem(string Path, string Message)
{
    /// <summary>Returns <c>path: message</c>.</summary>
    /// <returns>The path and the message.</returns>
    public override string ToString() => $"{Path}: {Message}";
}
