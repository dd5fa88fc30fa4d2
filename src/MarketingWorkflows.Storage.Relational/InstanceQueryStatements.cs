namespace MarketingWorkflows.Storage.Relational;

/// <summary>The two queries that answer an <see cref="InstanceQuery"/>: how many instances match, and one page of their bodies.</summary>
/// <param name="Count">Returns one row with one integer: how many instances match, counted up to <see cref="InstancePage.CountUpTo"/> (<see cref="InstancePage.Counted"/> turns it into the page's total).</param>
/// <param name="Page">Returns the <c>body</c> column of the page's instances, newest first.</param>
public sealed record InstanceQueryStatements(SqlStatement Count, SqlStatement Page);
