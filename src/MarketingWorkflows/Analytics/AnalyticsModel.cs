using System;
using System.Collections.Generic;
using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Analytics;

/// <summary>
/// What the figures need to know of the process definitions, over every registered version:
/// which states have deadlines, which roles approve each stage, which states mean "approved" (a
/// stage's approval target that is not itself a stage), and what each process declares it
/// measures (as its newest version declares it).
/// </summary>
public sealed class AnalyticsModel
{
    /// <summary>The marker the engine records on a deadline entry whose deadline passed (not a reminder).</summary>
    public const string DeadlinePassed = HistoryEntry.DeadlinePassedDecision;

    /// <summary>One week in ticks; tick 0 (1 January of year 1) is a Monday.</summary>
    public const long WeekTicks = TimeSpan.TicksPerDay * 7;

    private AnalyticsModel(
        IReadOnlyDictionary<string, IReadOnlySet<string>> deadlineStates,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> stageRoles,
        IReadOnlyDictionary<string, IReadOnlySet<string>> approvedStates,
        IReadOnlyDictionary<string, IReadOnlySet<string>> sendBackStates,
        IReadOnlyDictionary<string, IReadOnlySet<string>> stageStates,
        IReadOnlyDictionary<string, ProcessDefinition> measured)
    {
        Measured = measured;
        StageStates = stageStates;
        DeadlineStates = deadlineStates;
        StageRoles = stageRoles;
        ApprovedStates = approvedStates;
        SendBackStates = sendBackStates;
    }

    /// <summary>Gets the states with a deadline, by process.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> DeadlineStates { get; }

    /// <summary>Gets each stage's approver roles as one label (<c>owner.manager + cmo</c>), by process and stage.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StageRoles { get; }

    /// <summary>Gets the states that mean approved, by process.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> ApprovedStates { get; }

    /// <summary>Gets the approval stages (states with an approval), by process.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> StageStates { get; }

    /// <summary>Gets the states a stage sends work back to for changes (its <c>onChangesRequested</c>), by process.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> SendBackStates { get; }

    /// <summary>
    /// Gets, by process, the newest registered version when it declares measures: the figures of
    /// money planned and spent read the fields it names, for instances of every version (a field
    /// an older version lacks reads as missing).
    /// </summary>
    public IReadOnlyDictionary<string, ProcessDefinition> Measured { get; }

    /// <summary>Reads what the figures need from every registered definition.</summary>
    /// <param name="registry">The definitions.</param>
    /// <returns>The model.</returns>
    public static AnalyticsModel From(IProcessDefinitionRegistry registry)
    {
        var deadlines = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var roles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var approved = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var sendBacks = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var stageStates = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var newest = new Dictionary<string, ProcessDefinition>(StringComparer.Ordinal);
        foreach (var definition in registry.GetAll())
        {
            var id = definition.Id;
            if (!newest.TryGetValue(id, out var known) || known.Version < definition.Version)
            {
                newest[id] = definition;
            }

            var stages = definition.States.Where(s => s.Approval is not null).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            Add(stageStates, id).UnionWith(stages);
            foreach (var state in definition.States)
            {
                if (state.Deadline is not null)
                {
                    Add(deadlines, id).Add(state.Name);
                }

                if (state.Approval is { } stage)
                {
                    (roles.TryGetValue(id, out var byStage) ? byStage : roles[id] = new Dictionary<string, string>(StringComparer.Ordinal))[state.Name] = RoleLabel(stage);
                    if (!stages.Contains(stage.OnApproved) && stage.OnApproved.Length > 0)
                    {
                        Add(approved, id).Add(stage.OnApproved);
                    }

                    if (stage.OnChangesRequested is { Length: > 0 } back)
                    {
                        Add(sendBacks, id).Add(back);
                    }

                    // Past its rounds a request for changes goes elsewhere (to someone who decides whether review goes on): still a send-back.
                    if (stage.OnMaxRounds is { Length: > 0 } escalated)
                    {
                        Add(sendBacks, id).Add(escalated);
                    }
                }
            }

            Add(deadlines, id);
            Add(approved, id);
            Add(sendBacks, id);
        }

        var measured = newest.Values.Where(d => d.Measures is not null).ToDictionary(d => d.Id, StringComparer.Ordinal);
        return new AnalyticsModel(ReadOnly(deadlines), roles.ToDictionary(r => r.Key, IReadOnlyDictionary<string, string> (r) => r.Value, StringComparer.Ordinal), ReadOnly(approved), ReadOnly(sendBacks), ReadOnly(stageStates), measured);
    }

    private static Dictionary<string, IReadOnlySet<string>> ReadOnly(Dictionary<string, HashSet<string>> sets)
        => sets.ToDictionary(s => s.Key, IReadOnlySet<string> (s) => s.Value, StringComparer.Ordinal);

    /// <summary>Gets whether a state of a process has a deadline.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> when it has one in some version.</returns>
    public bool HasDeadline(string processId, string state) => DeadlineStates.TryGetValue(processId, out var states) && states.Contains(state);

    /// <summary>Gets whether a state of a process means approved.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="state">The state.</param>
    /// <returns><see langword="true"/> when it does in some version.</returns>
    public bool IsApproved(string processId, string state) => ApprovedStates.TryGetValue(processId, out var states) && states.Contains(state);

    /// <summary>Gets whether a history entry is a send-back: a decision that moved the instance to its stage's changes-requested state.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> for a send-back.</returns>
    public bool IsSendBack(string processId, HistoryEntry entry)
        => entry.Kind == HistoryKind.Decision && entry.FromState != entry.ToState
            && SendBackStates.TryGetValue(processId, out var states) && states.Contains(entry.ToState);

    /// <summary>
    /// Gets whether an entry starts a round: it enters an approval stage from a state that is not
    /// one (a submission, a resubmission, a new version). An instance's rounds are the number of
    /// such entries, and at least 1.
    /// </summary>
    /// <param name="processId">The process.</param>
    /// <param name="entry">The entry.</param>
    /// <returns><see langword="true"/> when it starts a round.</returns>
    public bool StartsRound(string processId, HistoryEntry entry)
        => entry.FromState != entry.ToState && StageStates.TryGetValue(processId, out var stages)
            && stages.Contains(entry.ToState) && !stages.Contains(entry.FromState);

    /// <summary>Gets whether the process's <see cref="Measured"/> version declares <paramref name="dimension"/>, and whether it is a list field (an instance then counts once under each element).</summary>
    /// <param name="processId">The process.</param>
    /// <param name="dimension">The data field.</param>
    /// <returns>Whether it is declared, and whether it is a list.</returns>
    public (bool Declared, bool IsList) Dimension(string processId, string dimension)
    {
        if (!Measured.TryGetValue(processId, out var definition) || !definition.Measures!.Dimensions.Contains(dimension, StringComparer.Ordinal))
        {
            return (false, false);
        }

        return (true, definition.Data.FirstOrDefault(f => f.Name == dimension)?.Type == FieldType.List);
    }

    /// <summary>Gets the label of the roles that approve a stage, such as <c>owner.manager + cmo</c>; the stage's name when it has none.</summary>
    /// <param name="processId">The process.</param>
    /// <param name="stage">The stage.</param>
    /// <returns>The label.</returns>
    public string RoleOf(string processId, string stage)
        => StageRoles.TryGetValue(processId, out var stages) && stages.TryGetValue(stage, out var label) ? label : stage;

    private static string RoleLabel(ApprovalStageDefinition stage)
        => string.Join(" + ", stage.Approvers.Select(a => a.Kind switch
        {
            ApproverKind.User => "user " + a.Value,
            _ => a.Value,
        }).Distinct(StringComparer.Ordinal));

    private static HashSet<string> Add(Dictionary<string, HashSet<string>> map, string id)
        => map.TryGetValue(id, out var set) ? set : map[id] = new HashSet<string>(StringComparer.Ordinal);
}
