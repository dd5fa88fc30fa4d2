using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Engine.DryRun;

namespace MarketingWorkflows.Cli;

/// <summary><c>mwf simulate FILE --data data.json --steps steps.txt</c>: a dry run without any store.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error, Terminal terminal)
    {
        var file = new Argument<string>("FILE") { Description = "A definition file (.yaml, .yml or .json)." };
        var data = new Option<string>("--data", "-d") { Description = "The instance data: a JSON file.", Required = true };
        var steps = new Option<string>("--steps", "-s")
        {
            Description = $"The steps, one per line: {DryRunStep.Syntax}; or 'after 3d' (time passes, deadlines fall due), 'linked process in State', 'delegate user to user (roles)'. Lines starting with # are skipped.",
            Required = true,
        };
        var now = new Option<DateTimeOffset?>("--now") { Description = "The time the dry run happens at (ISO 8601); default: now." };
        var command = new Command("simulate", "Dry-run a definition: decide each step with the engine's own rules (roles, comments, arguments, guards, approval rules, self-approval, checklists, links, deadlines) and print each transition, each refused step and why, and the final state. Exits 1 when a step's expected outcome (=> accepted, => refused code) is not met.")
        {
            file,
            data,
            steps,
            now,
        };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(data)!, result.GetValue(steps)!, result.GetValue(now), output, error, terminal));
        return command;
    }

    private static int Run(string file, string dataFile, string stepsFile, DateTimeOffset? now, TextWriter output, TextWriter error, Terminal terminal)
    {
        var definition = ValidateCommand.Load(file, error, terminal);
        if (definition is null)
        {
            return MwfCommand.Problems;
        }

        JsonElement data;
        string stepsText;
        try
        {
            using (var document = JsonDocument.Parse(File.ReadAllText(dataFile)))
            {
                data = document.RootElement.Clone();
            }

            stepsText = File.ReadAllText(stepsFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error.WriteLine($"{terminal.Red("error")}: {ex.Message}");
            return MwfCommand.Problems;
        }

        var dataErrors = definition.ValidateData(data);
        if (dataErrors.Count > 0)
        {
            foreach (var dataError in dataErrors)
            {
                error.WriteLine($"{dataFile}: {terminal.Red("error")}: {dataError}");
            }

            return MwfCommand.Problems;
        }

        var parseErrors = new System.Collections.Generic.List<string>();
        var parsed = DryRunStep.ParseAll(stepsText, parseErrors);
        if (parseErrors.Count > 0)
        {
            foreach (var parseError in parseErrors)
            {
                error.WriteLine($"{stepsFile}: {terminal.Red("error")}: {parseError}");
            }

            return MwfCommand.Problems;
        }

        var run = new DryRun(definition, data, now ?? TimeProvider.System.GetUtcNow());
        output.WriteLine(terminal.Bold($"{definition.Id} v{definition.Version}: starts in {run.State}"));
        var index = 0;
        foreach (var step in parsed)
        {
            var outcome = run.Apply(step);
            index++;
            var head = $"{index,3}. {Describe(step)}";
            var line = outcome.Refused
                ? $"{head}: {terminal.Yellow("refused")} ({outcome.Code}): {outcome.Note}"
                : outcome.From != outcome.To
                    ? $"{head}: {outcome.From} -> {terminal.Bold(outcome.To)}{terminal.Dim($" ({outcome.Note})")}"
                    : $"{head}: stays in {outcome.From}{terminal.Dim($" ({outcome.Note})")}";
            output.WriteLine(line);
            if (!outcome.MetExpectation)
            {
                error.WriteLine($"{stepsFile}:{step.Line}: {terminal.Red("error")}: expected {step.Expect}, but it was {(outcome.Refused ? "refused (" + outcome.Code + ")" : "accepted")}{(outcome.Refused ? ": " + outcome.Note : string.Empty)}");
            }
        }

        var failed = run.Outcomes.Count(o => !o.MetExpectation);
        output.WriteLine();
        output.WriteLine(terminal.Bold($"Final state: {run.State}") + (definition.FindState(run.State)?.Terminal == true ? " (terminal)" : string.Empty));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Steps: {run.Outcomes.Count(o => !o.Refused)} accepted, {run.Outcomes.Count(o => o.Refused)} refused; expectations: {run.Outcomes.Count(o => o.Step.Expect is not null) - failed} met, {failed} not met."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"History ({run.History.Count} entries):"));
        foreach (var entry in run.History)
        {
            var by = entry.OnBehalfOf is null ? entry.Actor : $"{entry.Actor} for {entry.OnBehalfOf}";
            var what = entry.Trigger ?? entry.Kind.ToString();
            var decision = entry.Decision is null ? string.Empty : $" ({entry.Decision})";
            var comment = entry.Comment is null ? string.Empty : $" \"{entry.Comment}\"";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {entry.Sequence,3}. {entry.At:yyyy-MM-dd HH:mm} {by} {what}{decision}: {entry.FromState} -> {entry.ToState}{comment}"));
        }

        return failed > 0 ? MwfCommand.Problems : MwfCommand.Success;
    }

    private static string Describe(DryRunStep step) => step.Kind switch
    {
        DryRunStepKind.After or DryRunStepKind.Linked or DryRunStepKind.Delegate => step.Text.Split(" => ")[0],
        DryRunStepKind.Checklist => $"{step.ChecklistAction}:{step.Name} by {step.Actor}",
        _ => $"{step.Name} by {step.Actor}" + (step.OnBehalfOf is null ? string.Empty : $" for {step.OnBehalfOf}"),
    };
}
