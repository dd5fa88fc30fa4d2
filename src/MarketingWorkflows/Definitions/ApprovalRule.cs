namespace MarketingWorkflows.Definitions;

/// <summary>A rule that settles a stage: any, all, a count or a percentage. Immutable.</summary>
/// <param name="Kind">The kind of rule.</param>
/// <param name="Count">For <see cref="ApprovalRuleKind.Count"/>, how many; otherwise 0.</param>
/// <param name="Percent">For <see cref="ApprovalRuleKind.Percent"/>, the percentage (1-100); otherwise 0.</param>
public sealed record ApprovalRule(ApprovalRuleKind Kind, int Count = 0, int Percent = 0)
{
    /// <summary>Gets the rule "one decision is enough".</summary>
    public static ApprovalRule Any { get; } = new(ApprovalRuleKind.Any);

    /// <summary>Gets the rule "every approver".</summary>
    public static ApprovalRule All { get; } = new(ApprovalRuleKind.All);

    /// <summary>Creates the rule "at least <paramref name="count"/> approvers".</summary>
    /// <param name="count">How many, 1 or more.</param>
    /// <returns>The rule.</returns>
    public static ApprovalRule AtLeast(int count) => new(ApprovalRuleKind.Count, Count: count);

    /// <summary>Creates the rule "at least <paramref name="percent"/>% of the approvers".</summary>
    /// <param name="percent">The percentage, 1 to 100.</param>
    /// <returns>The rule.</returns>
    public static ApprovalRule AtLeastPercent(int percent) => new(ApprovalRuleKind.Percent, Percent: percent);

    /// <summary>Gets how many decisions out of <paramref name="approvers"/> settle the stage.</summary>
    /// <param name="approvers">How many approvers were resolved.</param>
    /// <returns>The number needed (at least 1).</returns>
    public int Required(int approvers) => Kind switch
    {
        ApprovalRuleKind.Any => 1,
        ApprovalRuleKind.All => System.Math.Max(1, approvers),
        ApprovalRuleKind.Count => Count,
        _ => System.Math.Max(1, (int)System.Math.Ceiling(approvers * Percent / 100m)),
    };

    /// <summary>Formats the rule as files write it: <c>any</c>, <c>all</c>, <c>2</c>, <c>60%</c>.</summary>
    /// <returns>The rule's text.</returns>
    public override string ToString() => Kind switch
    {
        ApprovalRuleKind.Any => "any",
        ApprovalRuleKind.All => "all",
        ApprovalRuleKind.Count => Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Percent.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%",
    };
}
