using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Processes;

/// <summary>
/// The three processes that ship with the library — <see cref="CampaignApproval"/>,
/// <see cref="ContentReview"/> and <see cref="LaunchChecklist"/> — as definition files embedded in
/// the package, in the same format ops teams write. Every threshold, role and deadline is data:
/// copy a file, change it, and register the copy under the same id with a higher version.
/// </summary>
public static class BuiltInProcesses
{
    private static readonly Lazy<IReadOnlyList<ProcessDefinition>> All = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the three built-in definitions.</summary>
    public static IReadOnlyList<ProcessDefinition> Definitions => All.Value;

    /// <summary>Gets a built-in definition by id.</summary>
    /// <param name="processId"><see cref="CampaignApproval.ProcessId"/>, <see cref="ContentReview.ProcessId"/> or <see cref="LaunchChecklist.ProcessId"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">No built-in process has that id.</exception>
    public static ProcessDefinition Get(string processId)
        => Definitions.FirstOrDefault(d => d.Id == processId)
            ?? throw new ArgumentException($"There is no built-in process '{processId}'; they are {string.Join(", ", Definitions.Select(d => d.Id))}.", nameof(processId));

    /// <summary>Reads the embedded definition file of a built-in process, as shipped.</summary>
    /// <param name="processId">The process id.</param>
    /// <returns>The file's text (JSON).</returns>
    public static string GetSource(string processId)
    {
        var name = $"MarketingWorkflows.Processes.{processId}.json";
        using var stream = typeof(BuiltInProcesses).Assembly.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"There is no built-in process '{processId}'.", nameof(processId));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyList<ProcessDefinition> Load()
    {
        var definitions = new List<ProcessDefinition>();
        foreach (var id in new[] { CampaignApproval.ProcessId, ContentReview.ProcessId, LaunchChecklist.ProcessId })
        {
            var result = ProcessDefinitionLoader.Json.Load(GetSource(id), id + ".json");
            definitions.Add(result.Definition ?? throw new InvalidOperationException($"The built-in process '{id}' does not load: {string.Join("; ", result.Errors)}"));
        }

        return definitions;
    }
}
