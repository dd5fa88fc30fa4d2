namespace MarketingWorkflows.Definitions.Versions;

/// <summary>What happened to a part of a definition between two versions.</summary>
public enum ChangeKind
{
    /// <summary>The part is new: it is in the later definition only.</summary>
    Added,

    /// <summary>The part is gone: it is in the earlier definition only.</summary>
    Removed,

    /// <summary>The part is in both with another value (or, for a list, another order).</summary>
    Changed,
}
