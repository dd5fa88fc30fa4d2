using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Cli;

/// <summary>
/// <c>mwf validate FILE|FOLDER...</c>: every problem as <c>file:line:col: error MWFnnn: message (path)</c>.
/// A folder stands for its definition files and those of the folders below it, chosen by the same
/// rule as the registry's (<see cref="ProcessDefinitionLoader.IsDefinitionFile"/>).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, Terminal terminal)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Definition files (.yaml, .yml or .json), or folders: a folder stands for its definition files (NAME.yaml, NAME.vN.json, ...; NAME.data.json and other companion files are skipped) and those of the folders below it.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check definition files (or the definition files of folders) and print every problem as file:line:col: error MWFnnn: message. Exits 0 when all are valid, 1 otherwise.")
        {
            files,
        };
        command.SetAction(result => Run(result.GetValue(files)!, output, terminal));
        return command;
    }

    private static int Run(string[] arguments, TextWriter output, Terminal terminal)
    {
        var failed = 0;
        var errors = 0;
        var emptyFolders = 0;
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument))
            {
                files.Add(argument);
                continue;
            }

            var found = YamlDefinitions.Loader.FindDefinitionFiles(argument);
            if (found.Count == 0)
            {
                emptyFolders++;
                output.WriteLine($"{argument}: {terminal.Red("error")}: the folder holds no definition files (NAME.yaml, NAME.yml or NAME.json, also as NAME.vN.yaml, in it or below).");
            }

            files.AddRange(found);
        }

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

        // A folder without definitions counts as one error in one more place checked.
        failed += emptyFolders;
        errors += emptyFolders;
        var total = files.Count + emptyFolders;
        if (failed > 0)
        {
            output.WriteLine(terminal.Bold($"{errors} error{(errors == 1 ? string.Empty : "s")} in {failed} of {total} file{(total == 1 ? string.Empty : "s")}."));
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
