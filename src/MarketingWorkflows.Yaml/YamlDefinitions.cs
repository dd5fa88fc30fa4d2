using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Yaml;

/// <summary>The YAML syntax for process definition files.</summary>
/// <example>
/// <code>
/// var result = YamlDefinitions.Loader.LoadFile("campaign-approval.yaml");
/// if (!result.Succeeded)
/// {
///     foreach (var error in result.Errors) Console.Error.WriteLine(error);
/// }
/// </code>
/// </example>
public static class YamlDefinitions
{
    /// <summary>Gets the YAML syntax (<c>.yaml</c> and <c>.yml</c> files).</summary>
    public static DefinitionSyntax Syntax { get; } = new YamlDefinitionSyntax();

    /// <summary>Gets a loader that reads YAML and JSON files.</summary>
    public static ProcessDefinitionLoader Loader { get; } = new(Syntax);
}
