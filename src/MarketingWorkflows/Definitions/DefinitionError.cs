namespace MarketingWorkflows.Definitions;

/// <summary>One problem in a process definition: where it is, and what to do about it.</summary>
/// <param name="Code">A stable code such as <c>MWF201</c>.</param>
/// <param name="Message">What is wrong and how to fix it, in plain words.</param>
/// <param name="Path">Where in the definition, such as <c>states[3].transitions[1].guard</c> (empty for the whole definition).</param>
/// <param name="File">The file, or <see langword="null"/> for a definition built in code.</param>
/// <param name="Line">The 1-based line in the file, or 0 when unknown.</param>
/// <param name="Column">The 1-based column in the file, or 0 when unknown.</param>
public sealed record DefinitionError(string Code, string Message, string Path, string? File = null, int Line = 0, int Column = 0)
{
    /// <summary>
    /// Formats the error as compilers do, so editors and CI can link it:
    /// <c>file:line:col: error MWFnnn: message (path)</c>, or <c>path: error MWFnnn: message</c> without a file.
    /// </summary>
    /// <returns>The formatted error.</returns>
    public override string ToString()
    {
        var where = File is null ? (Path.Length == 0 ? "definition" : Path) : Line > 0 ? $"{File}:{Line}:{Column}" : File;
        var path = File is not null && Path.Length > 0 ? $" ({Path})" : string.Empty;
        return $"{where}: error {Code}: {Message}{path}";
    }
}
