using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MarketingWorkflows.Cli;

/// <summary>The <c>mwf</c> command line: validate, diagram, simulate, new, diff and migrate.</summary>
internal static class MwfCommand
{
    public const int Success = 0;
    public const int Problems = 1;

    public static int Run(string[] args, TextWriter output, TextWriter error, bool color)
        => Create(output, error, color).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });

    /// <summary>Runs a command line; <c>migrate</c>, which works on a store, runs only this way, without blocking a thread on its I/O.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool color, CancellationToken cancellationToken = default)
        => Create(output, error, color).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);

    private static RootCommand Create(TextWriter output, TextWriter error, bool color)
    {
        var terminal = new Terminal(color);
        var root = new RootCommand("mwf: check, draw, dry-run and compare MarketingWorkflows process definitions (YAML or JSON).");
        root.Subcommands.Add(ValidateCommand.Create(output, terminal));
        root.Subcommands.Add(DiagramCommand.Create(output, error, terminal));
        root.Subcommands.Add(SimulateCommand.Create(output, error, terminal));
        root.Subcommands.Add(NewCommand.Create(output, error, terminal));
        root.Subcommands.Add(DiffCommand.Create(output, error, terminal));
        root.Subcommands.Add(MigrateCommand.Create(output, error, terminal));
        return root;
    }
}
