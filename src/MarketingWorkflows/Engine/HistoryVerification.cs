namespace MarketingWorkflows.Engine;

/// <summary>The result of checking an instance's history hash chain, and the instance's row against its last entry.</summary>
/// <param name="IsValid">Whether every entry matches.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="FirstInvalidSequence">The first entry that does not match, or <see langword="null"/>.</param>
/// <param name="Problem">What does not match, or <see langword="null"/>: which entry or field, what was found and what was expected.</param>
public sealed record HistoryVerification(bool IsValid, long Entries, long? FirstInvalidSequence = null, string? Problem = null)
{
    /// <summary>
    /// Gets the field that does not match, or <see langword="null"/>: of an entry
    /// (<c>sequence</c>, <c>previousHash</c>, <c>hash</c>, <c>keyId</c>, <c>fromState</c>,
    /// <c>dataDigest</c>) or of the instance's row against its last entry (<c>state</c>,
    /// <c>version</c>, <c>data</c>, <c>dataRevision</c>, <c>definitionVersion</c>,
    /// <c>historyHead</c>, <c>historyCount</c>).
    /// </summary>
    public string? Field { get; init; }
}
