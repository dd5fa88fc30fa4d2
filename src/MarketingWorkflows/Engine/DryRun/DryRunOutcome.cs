using System.Collections.Generic;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine.DryRun;

/// <summary>What one step of a dry run did.</summary>
/// <param name="Step">The step.</param>
/// <param name="From">The state before it.</param>
/// <param name="To">The state after it.</param>
/// <param name="Refusal">Why it was refused, or <see langword="null"/> when it was accepted.</param>
/// <param name="Entries">The history entries it added (for time passing, those of every timer that fell due).</param>
/// <param name="Note">What happened, in words.</param>
internal sealed record DryRunOutcome(DryRunStep Step, string From, string To, ProcessCommandException? Refusal, IReadOnlyList<HistoryEntry> Entries, string Note)
{
    /// <summary>Gets whether the step was refused.</summary>
    public bool Refused => Refusal is not null;

    /// <summary>Gets the refusal's failure code (<c>forbidden</c>, <c>not-permitted</c>, ...), or <see langword="null"/>.</summary>
    public string? Code => Refusal is null ? null : DryRun.CodeOf(Refusal.Failure);

    /// <summary>Gets whether the step's expectation, if it states one, was met.</summary>
    public bool MetExpectation => Step.Expect is not { } expect
        || (expect.Accepted ? !Refused : Refused && (expect.Code is null || expect.Code == Code));
}
