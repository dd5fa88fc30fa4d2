using System;
using System.Collections.Generic;
using System.Linq;

namespace MarketingWorkflows.Engine.Migrations;

/// <summary>Thrown when a <see cref="MigrationPlan"/> does not fit the definitions or the instances it would move; no instance was changed.</summary>
public sealed class MigrationPlanException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="problems">Every problem found, at least one.</param>
    public MigrationPlanException(MigrationPlan plan, IReadOnlyList<MigrationProblem> problems)
        : base(Describe(plan, problems))
    {
        Plan = plan;
        Problems = [.. problems];
    }

    /// <summary>Gets the plan.</summary>
    public MigrationPlan Plan { get; }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<MigrationProblem> Problems { get; }

    private static string Describe(MigrationPlan plan, IReadOnlyList<MigrationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(problems);
        return $"The migration plan {plan} cannot be applied ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}): {string.Join("; ", problems.Select(p => p.ToString()))}";
    }
}
