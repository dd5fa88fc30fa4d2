namespace MarketingWorkflows.Definitions;

/// <summary>One way instance data (or trigger arguments) fails its schema.</summary>
/// <param name="Path">Where in the data, such as <c>budget.amount</c> or <c>regions[2]</c>.</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record DataError(string Path, string Message)
{
    /// <summary>Formats the error as <c>path: message</c>.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString() => $"{Path}: {Message}";
}
