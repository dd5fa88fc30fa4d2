using System.Collections.Generic;

namespace MarketingWorkflows.Definitions;

/// <summary>
/// A condition on linked instances: every instance of <see cref="Process"/> linked to this one
/// (in either direction) must be in one of <see cref="States"/> (or a substate of one).
/// </summary>
/// <param name="Process">The linked process, such as <c>content-review</c>.</param>
/// <param name="States">The states that satisfy the condition.</param>
/// <param name="AtLeastOne">Whether at least one such linked instance must exist.</param>
public sealed record LinkRequirement(string Process, IReadOnlyList<string> States, bool AtLeastOne = false)
{
    /// <summary>Describes the requirement in plain words.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => (AtLeastOne ? $"a linked {Process} exists and every one" : $"every linked {Process}") + $" is {string.Join(" or ", States)}";
}
