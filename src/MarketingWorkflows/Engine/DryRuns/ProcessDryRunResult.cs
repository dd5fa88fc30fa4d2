using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>What a <see cref="ProcessDryRun"/> did: each step's outcome and the history an instance would have.</summary>
/// <param name="ProcessId">The process tried.</param>
/// <param name="Version">Its version.</param>
/// <param name="StartedAt">The dry run's clock at the start.</param>
/// <param name="EndedAt">The dry run's clock after the last step.</param>
/// <param name="InitialState">The state the instance started in.</param>
/// <param name="FinalState">The state it ended in.</param>
/// <param name="Finished">Whether the final state is terminal.</param>
/// <param name="Steps">Each step's outcome, in order.</param>
/// <param name="History">The history the instance would have.</param>
public sealed record ProcessDryRunResult(
    string ProcessId,
    int Version,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string InitialState,
    string FinalState,
    bool Finished,
    IReadOnlyList<ProcessDryRunStep> Steps,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>Gets whether every step that states an expected outcome met it.</summary>
    public bool AllExpectationsMet => Steps.All(s => s.MetExpectation);
}
