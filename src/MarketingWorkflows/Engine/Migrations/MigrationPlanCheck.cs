using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Internal;

namespace MarketingWorkflows.Engine.Migrations;

/// <summary>
/// Checks a <see cref="MigrationPlan"/> against the two definitions and the states its instances
/// are in, collecting every problem, and works out where each state goes. A pure function: the
/// engine reads the definitions and counts the instances.
/// </summary>
internal sealed class MigrationPlanCheck
{
    private MigrationPlanCheck(IReadOnlyDictionary<string, string> targets, IReadOnlyDictionary<string, JsonElement> defaults, List<MigrationProblem> problems)
    {
        Targets = targets;
        Defaults = defaults;
        Problems = problems;
    }

    /// <summary>Gets each state of the earlier version that has a state in the later one, mapped to it (the plan's, or the same name).</summary>
    public IReadOnlyDictionary<string, string> Targets { get; }

    /// <summary>Gets the plan's data defaults as JSON values, checked against their fields (JSON nulls left out).</summary>
    public IReadOnlyDictionary<string, JsonElement> Defaults { get; }

    /// <summary>Gets every problem found; empty when the plan can be applied.</summary>
    public IReadOnlyList<MigrationProblem> Problems { get; }

    /// <summary>Checks the plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="from">The definition of <see cref="MigrationPlan.FromVersion"/>, or <see langword="null"/> when it is not registered.</param>
    /// <param name="to">The definition of <see cref="MigrationPlan.ToVersion"/>, or <see langword="null"/> when it is not registered.</param>
    /// <param name="occupied">How many open instances of the earlier version are in each state.</param>
    /// <param name="known">The registered versions of the process, for the message when one is missing.</param>
    public static MigrationPlanCheck Run(MigrationPlan plan, ProcessDefinition? from, ProcessDefinition? to, IReadOnlyDictionary<string, int> occupied, IReadOnlyList<int> known)
    {
        var problems = new List<MigrationProblem>();
        var versions = known.Count == 0 ? "none" : string.Join(", ", known);
        if (from is null)
        {
            problems.Add(new("fromVersion", $"the process '{plan.ProcessId}' has no version {plan.FromVersion}; registered versions: {versions}"));
        }

        if (to is null)
        {
            problems.Add(new("toVersion", $"the process '{plan.ProcessId}' has no version {plan.ToVersion}; registered versions: {versions}"));
        }

        if (plan.ToVersion <= plan.FromVersion)
        {
            problems.Add(new("toVersion", $"instances move to a later version: {plan.ToVersion} is not later than {plan.FromVersion}"));
        }

        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (from is not null && to is not null)
        {
            CheckStates(plan, from, to, occupied, targets, problems);
        }

        if (to is not null)
        {
            CheckData(plan, from, to, defaults, problems);
        }

        return new MigrationPlanCheck(targets, defaults, problems);
    }

    private static void CheckStates(MigrationPlan plan, ProcessDefinition from, ProcessDefinition to, IReadOnlyDictionary<string, int> occupied, Dictionary<string, string> targets, List<MigrationProblem> problems)
    {
        var oldStates = string.Join(", ", from.States.Select(s => s.Name));
        var newStates = string.Join(", ", LeafStates(to).Select(s => s.Name));
        foreach (var (state, target) in plan.States)
        {
            var path = "states." + state;
            var source = from.FindState(state);
            if (source is null)
            {
                problems.Add(new(path, $"'{state}' is not a state of version {from.Version}; its states are {oldStates}"));
            }

            if (to.FindState(target ?? string.Empty) is not { } destination)
            {
                problems.Add(new(path, $"maps to '{target}', which is not a state of version {to.Version}; map it to one of {newStates}"));
                continue;
            }

            if (TargetProblem(to, destination) is { } problem)
            {
                problems.Add(new(path, problem));
                continue;
            }

            if (source is not null)
            {
                targets[state] = target!;
            }
        }

        foreach (var state in from.States)
        {
            if (!targets.ContainsKey(state.Name) && !plan.States.ContainsKey(state.Name) && to.FindState(state.Name) is { } same && TargetProblem(to, same) is null)
            {
                targets[state.Name] = state.Name;
            }
        }

        foreach (var (state, count) in occupied.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (count > 0 && !targets.ContainsKey(state) && !plan.States.ContainsKey(state))
            {
                var reason = to.FindState(state) is { } same && TargetProblem(to, same) is { } problem
                    ? $"version {to.Version} has '{state}' but it {problem}"
                    : $"version {to.Version} has no state '{state}'";
                problems.Add(new("states." + state, $"{count} open instance{(count == 1 ? " is" : "s are")} in '{state}' and {reason}; map it to one of {newStates}"));
            }
        }
    }

    /// <summary>Says why instances cannot be put in a state: one they would end in, or a superstate no instance rests in.</summary>
    private static string? TargetProblem(ProcessDefinition to, StateDefinition state)
    {
        if (state.Terminal)
        {
            return $"'{state.Name}' is a final state of version {to.Version}: a migration moves running instances, it does not end them (end them with a trigger first)";
        }

        var children = to.States.Where(s => s.Parent == state.Name).Select(s => s.Name).ToList();
        return children.Count > 0
            ? $"'{state.Name}' is a superstate in version {to.Version}: map to one of its substates {string.Join(", ", children)}"
            : null;
    }

    private static IEnumerable<StateDefinition> LeafStates(ProcessDefinition definition)
        => definition.States.Where(s => !s.Terminal && !definition.States.Any(c => c.Parent == s.Name));

    private static void CheckData(MigrationPlan plan, ProcessDefinition? from, ProcessDefinition to, Dictionary<string, JsonElement> defaults, List<MigrationProblem> problems)
    {
        foreach (var (name, node) in plan.DataDefaults)
        {
            var path = "dataDefaults." + name;
            var field = to.Data.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                problems.Add(new(path, $"'{name}' is not a data field of version {to.Version}; its fields are {string.Join(", ", to.Data.Select(f => f.Name))}"));
                continue;
            }

            if (node is null)
            {
                if (field.Required)
                {
                    problems.Add(new(path, $"'{name}' is required in version {to.Version}: give a value, not null"));
                }

                continue;
            }

            var value = ToElement(node);
            var errors = new List<DataError>();
            DataValidator.Validate(value, field, path, errors);
            if (errors.Count > 0)
            {
                problems.AddRange(errors.Select(e => new MigrationProblem(e.Path, $"{e.Message.TrimEnd('.')} ('{name}' is a {Describe(field)} in version {to.Version})")));
                continue;
            }

            defaults[name] = value;
        }

        foreach (var field in to.Data.Where(f => f.Required && f.Default is null && !plan.DataDefaults.ContainsKey(f.Name)))
        {
            var before = from?.Data.FirstOrDefault(f => f.Name == field.Name);
            if (before is null || !before.Required)
            {
                var was = before is null ? $"version {from?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "before"} does not have it" : $"it was optional in version {from!.Version}";
                problems.Add(new("dataDefaults." + field.Name, $"version {to.Version} requires '{field.Name}' and {was}, and the definition gives no default: give the running instances a value in dataDefaults (a {Describe(field)})"));
            }
        }
    }

    private static string Describe(FieldDefinition field) => field.Type.ToString().ToLowerInvariant();

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
