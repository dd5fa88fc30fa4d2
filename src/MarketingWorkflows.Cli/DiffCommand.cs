using System.CommandLine;
using System.IO;
using MarketingWorkflows.Definitions.Versions;

namespace MarketingWorkflows.Cli;

/// <summary><c>mwf diff FROM TO</c>: what changes from one definition file to another, for a person.</summary>
internal static class DiffCommand
{
    /// <summary>The exit code when a file does not load.</summary>
    public const int Errors = 2;

    public static Command Create(TextWriter output, TextWriter error, Terminal terminal)
    {
        var from = new Argument<string>("FROM") { Description = "The earlier definition file (.yaml, .yml or .json)." };
        var to = new Argument<string>("TO") { Description = "The later definition file." };
        var command = new Command("diff", "Show what changes from one definition to another: states, transitions, roles, guards, approval stages, deadlines, data fields, checklist and measures. Exits 0 when they say the same thing, 1 when they differ, 2 when a file has problems.")
        {
            from,
            to,
        };
        command.SetAction(result =>
        {
            var earlier = ValidateCommand.Load(result.GetValue(from)!, error, terminal);
            var later = ValidateCommand.Load(result.GetValue(to)!, error, terminal);
            if (earlier is null || later is null)
            {
                return Errors;
            }

            var diff = ProcessDefinitionDiff.Compare(earlier, later);
            foreach (var line in diff.ToText().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                output.WriteLine(Paint(line, terminal));
            }

            return diff.IsEmpty ? MwfCommand.Success : MwfCommand.Problems;
        });
        return command;
    }

    private static string Paint(string line, Terminal terminal) => line.TrimStart() switch
    {
        ['+', ' ', ..] => terminal.Green(line),
        ['-', ' ', ..] => terminal.Red(line),
        ['~', ' ', ..] => terminal.Yellow(line),
        [.., ':'] when !line.StartsWith(' ') => terminal.Bold(line),
        _ => line,
    };
}
