using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MarketingWorkflows.Definitions.Simulation;

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
            Description = $"The steps, one per line: {SimulationStep.Syntax}. Lines starting with # are skipped.",
            Required = true,
        };
        var now = new Option<DateTimeOffset?>("--now") { Description = "The time the dry run happens at (ISO 8601); default: now." };
        var command = new Command("simulate", "Dry-run a definition: apply each step with the engine's rules (roles, comments, arguments, guards, approval rules, self-approval) and print each transition, each blocked step and why, and the final state.")
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
        var parsed = SimulationStep.ParseAll(stepsText, parseErrors);
        if (parseErrors.Count > 0)
        {
            foreach (var parseError in parseErrors)
            {
                error.WriteLine($"{stepsFile}: {terminal.Red("error")}: {parseError}");
            }

            return MwfCommand.Problems;
        }

        var simulation = new ProcessSimulation(definition, data, now ?? TimeProvider.System.GetUtcNow());
        output.WriteLine(terminal.Bold($"{definition.Id} v{definition.Version}: starts in {simulation.State}"));
        var blocked = 0;
        var index = 0;
        foreach (var step in parsed)
        {
            var outcome = simulation.Apply(step);
            index++;
            var head = $"{index,3}. {step.Trigger} by {step.Actor}";
            if (outcome.Blocked)
            {
                blocked++;
                output.WriteLine($"{head}: {terminal.Yellow("blocked")}: {outcome.Note}");
            }
            else if (outcome.From != outcome.To)
            {
                output.WriteLine($"{head}: {outcome.From} -> {terminal.Bold(outcome.To)}{(outcome.Note.Length > 0 ? terminal.Dim($" ({outcome.Note})") : string.Empty)}");
            }
            else
            {
                output.WriteLine($"{head}: stays in {outcome.From}{terminal.Dim($" ({outcome.Note})")}");
            }
        }

        output.WriteLine();
        output.WriteLine(terminal.Bold($"Final state: {simulation.State}") + (definition.FindState(simulation.State)?.Terminal == true ? " (terminal)" : string.Empty));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"History: {simulation.History.Count(h => !h.Blocked)} applied, {blocked} blocked."));
        foreach (var entry in simulation.History.Where(h => !h.Blocked))
        {
            var comment = entry.Step.Comment is null ? string.Empty : $" \"{entry.Step.Comment}\"";
            output.WriteLine($"  line {entry.Step.Line}: {entry.Step.Actor} {entry.Step.Trigger}: {entry.From} -> {entry.To}{comment}");
        }

        return MwfCommand.Success;
    }
}
