using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine.Decisions;
using MarketingWorkflows.Engine.DryRun;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Tries steps against a definition in memory, with no store, decided by the engine's own
/// decision core: the same rules a running instance meets (roles, guards, approval rules,
/// self-approval, checklists, links, deadlines), so a dry run and the engine never disagree.
/// This is what <c>mwf simulate</c> runs.
/// </summary>
/// <remarks>
/// Steps are text, one a line: <c>Trigger by user (role, role) [for delegator] [with {json}]
/// [-- comment] [=&gt; accepted | =&gt; refused code]</c>, <c>after 3d</c> (time passes:
/// deadlines, reminders and escalations fall due at their times), <c>linked process in State</c>,
/// <c>delegate user to user (roles)</c>; blank lines and lines starting with <c>#</c> are skipped.
/// A dry run calls no guard functions: a step whose guard needs one is refused, naming the call.
/// </remarks>
public static class ProcessDryRun
{
    /// <summary>The syntax of a command step.</summary>
    public const string StepSyntax = DryRunStep.Syntax;

    /// <summary>Runs <paramref name="steps"/> against <paramref name="definition"/>.</summary>
    /// <param name="definition">The definition to try.</param>
    /// <param name="steps">The steps, one a line.</param>
    /// <param name="options">Where the dry run starts from; by default empty data, now, no managers, the definition alone.</param>
    /// <returns>Each step's outcome and the history.</returns>
    /// <exception cref="ProcessDryRunException">A line is no step, or time passes beyond the calendar's last date.</exception>
    public static ProcessDryRunResult Run(ProcessDefinition definition, string steps, ProcessDryRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(steps);
        options ??= new ProcessDryRunOptions();
        var problems = new List<string>();
        var parsed = DryRunStep.ParseAll(steps, problems);
        if (problems.Count > 0)
        {
            throw new ProcessDryRunException(problems);
        }

        var definitions = new ProcessDefinitionRegistry();
        foreach (var other in options.Definitions?.GetAll().Where(d => !string.Equals(d.Id, definition.Id, StringComparison.Ordinal)) ?? [])
        {
            definitions.Register(other);
        }

        definitions.Register(definition);
        var startedAt = options.StartAt ?? TimeProvider.System.GetUtcNow();
        var data = options.Data is { ValueKind: JsonValueKind.Object } given ? given : JsonDocument.Parse("{}").RootElement;
        var run = new DryRun.DryRun(definition, data, startedAt, new DecisionRules(definitions, options.EngineOptions ?? new MarketingWorkflowsOptions()), managers: options.Managers);
        var initial = run.State;
        var results = new List<ProcessDryRunStep>(parsed.Count);
        foreach (var step in parsed)
        {
            DryRunOutcome outcome;
            try
            {
                outcome = run.Apply(step);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                // Only the dry run's clock can go out of range: time passed beyond DateTimeOffset.MaxValue.
                throw new ProcessDryRunException($"line {step.Line}: the time passes beyond the calendar's last date; let less time pass", ex);
            }

            results.Add(new ProcessDryRunStep(step.Line, step.Text, step.Kind.ToString(), outcome.From, outcome.To, !outcome.Refused, outcome.Code, outcome.Note, step.Expect?.ToString(), outcome.MetExpectation, run.Now));
        }

        return new ProcessDryRunResult(
            definition.Id,
            definition.Version,
            startedAt,
            run.Now,
            initial,
            run.State,
            definition.FindState(run.State)?.Terminal == true,
            results,
            [.. run.History]);
    }
}
