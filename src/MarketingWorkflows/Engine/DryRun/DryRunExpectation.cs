namespace MarketingWorkflows.Engine.DryRun;

/// <summary>The outcome a step expects: accepted, or refused (with a failure code such as <c>forbidden</c>, or any).</summary>
/// <param name="Accepted">Whether the step must be accepted.</param>
/// <param name="Code">The failure code a refusal must have, or <see langword="null"/> for any.</param>
internal sealed record DryRunExpectation(bool Accepted, string? Code)
{
    /// <inheritdoc />
    public override string ToString() => Accepted ? "accepted" : Code is null ? "refused" : "refused " + Code;
}
