using System.CommandLine;
using System.IO;

namespace MarketingWorkflows.Cli;

/// <summary>The <c>mwf</c> command line: validate, diagram, simulate, new and diff.</summary>
internal static class MwfCommand
{
    public const int Success = 0;
    public const int Problems = 1;

    public static int Run(string[] args, TextWriter output, TextWriter error, bool color)
    {
        var terminal = new Terminal(color);
        var root = new RootCommand("mwf: check, draw, dry-run and compare MarketingWorkflows process definitions (YAML or JSON).");
        root.Subcommands.Add(ValidateCommand.Create(output, terminal));
        root.Subcommands.Add(DiagramCommand.Create(output, error, terminal));
        root.Subcommands.Add(SimulateCommand.Create(output, error, terminal));
        root.Subcommands.Add(NewCommand.Create(output, error, terminal));
        root.Subcommands.Add(DiffCommand.Create(output, error, terminal));
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
