using System.CommandLine;
using System.IO;
using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Cli;

/// <summary><c>mwf validate FILE...</c>: every problem as <c>file:line:col: error MWFnnn: message (path)</c>.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, Terminal terminal)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Definition files (.yaml, .yml or .json).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check definition files and print every problem as file:line:col: error MWFnnn: message. Exits 0 when all are valid, 1 otherwise.")
        {
            files,
        };
        command.SetAction(result => Run(result.GetValue(files)!, output, terminal));
        return command;
    }

    private static int Run(string[] files, TextWriter output, Terminal terminal)
    {
        var failed = 0;
        var errors = 0;
        foreach (var file in files)
        {
            var result = YamlDefinitions.Loader.LoadFile(file);
            if (result.Succeeded)
            {
                output.WriteLine($"{file}: {terminal.Green("valid")} ({result.Definition.Id} v{result.Definition.Version}, {result.Definition.States.Count} states)");
                continue;
            }

            failed++;
            errors += result.Errors.Count;
            foreach (var error in result.Errors)
            {
                output.WriteLine(Format(error, terminal));
            }
        }

        if (failed > 0)
        {
            output.WriteLine(terminal.Bold($"{errors} error{(errors == 1 ? string.Empty : "s")} in {failed} of {files.Length} file{(files.Length == 1 ? string.Empty : "s")}."));
        }

        return failed == 0 ? MwfCommand.Success : MwfCommand.Problems;
    }

    internal static string Format(DefinitionError error, Terminal terminal)
    {
        var text = error.ToString();
        var marker = ": error ";
        var at = text.IndexOf(marker, System.StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + ": " + terminal.Red("error") + text[(at + marker.Length - 1)..];
    }

    internal static ProcessDefinition? Load(string file, TextWriter output, Terminal terminal)
    {
        var result = YamlDefinitions.Loader.LoadFile(file);
        if (result.Succeeded)
        {
            return result.Definition;
        }

        foreach (var error in result.Errors.Take(100))
        {
            output.WriteLine(Format(error, terminal));
        }

        return null;
    }
}
