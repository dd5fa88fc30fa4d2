using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text.Json.Nodes;

namespace MarketingWorkflows.Engine.Migrations;

/// <summary>
/// What moving the running instances of a process from one definition version to a later one
/// means: which state of the later version each state of the earlier one becomes, and which value
/// a data field the instances do not have yet gets. Immutable: the maps given are copied.
/// </summary>
/// <remarks>
/// A state that the plan does not map keeps its name: it maps to the state of the same name in
/// the later version, when there is one. The engine checks the plan against both definitions and
/// the instances before it moves any instance (<see cref="IProcessEngine.MigrateAsync"/>).
/// </remarks>
public sealed class MigrationPlan
{
    /// <summary>Initializes a plan.</summary>
    /// <param name="processId">The process, such as <c>expense-approval</c>.</param>
    /// <param name="fromVersion">The version the instances run now.</param>
    /// <param name="toVersion">The version they move to: a later one.</param>
    /// <param name="states">Each state of <paramref name="fromVersion"/> that does not keep its name, mapped to its state in <paramref name="toVersion"/>; or <see langword="null"/> for none.</param>
    /// <param name="dataDefaults">The value each data field gets in instances whose data does not have it; or <see langword="null"/> for none.</param>
    public MigrationPlan(string processId, int fromVersion, int toVersion, IReadOnlyDictionary<string, string>? states = null, IReadOnlyDictionary<string, JsonNode?>? dataDefaults = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(processId);
        ProcessId = processId;
        FromVersion = fromVersion;
        ToVersion = toVersion;
        States = new ReadOnlyDictionary<string, string>((states ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        DataDefaults = new ReadOnlyDictionary<string, JsonNode?>((dataDefaults ?? new Dictionary<string, JsonNode?>()).ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal));
    }

    /// <summary>Gets the process.</summary>
    public string ProcessId { get; }

    /// <summary>Gets the version the instances run now.</summary>
    public int FromVersion { get; }

    /// <summary>Gets the version they move to.</summary>
    public int ToVersion { get; }

    /// <summary>Gets the states of <see cref="FromVersion"/> mapped to states of <see cref="ToVersion"/>, old to new; a state not listed keeps its name.</summary>
    public IReadOnlyDictionary<string, string> States { get; }

    /// <summary>Gets the value each data field gets where an instance's data does not have it (before the field's own default in the definition).</summary>
    /// <remarks>The nodes are copies: changing one changes a copy the plan handed out, not the plan. Read them; do not change them.</remarks>
    public IReadOnlyDictionary<string, JsonNode?> DataDefaults { get; }

    /// <summary>Returns <c>process v1 -> v2</c>.</summary>
    /// <returns>The process and the versions.</returns>
    public override string ToString() => $"{ProcessId} v{FromVersion} -> v{ToVersion}";
}
