using System.CommandLine;
using System.IO;
using MarketingWorkflows.Definitions;

namespace MarketingWorkflows.Cli;

/// <summary><c>mwf diagram FILE [--format mermaid|dot] [--out FILE]</c>.</summary>
internal static class DiagramCommand
{
    public static Command Create(TextWriter output, TextWriter error, Terminal terminal)
    {
        var file = new Argument<string>("FILE") { Description = "A definition file (.yaml, .yml or .json)." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "mermaid (a stateDiagram-v2 for Markdown) or dot (Graphviz).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var outFile = new Option<string?>("--out", "-o") { Description = "Write the diagram to this file instead of the standard output." };
        var command = new Command("diagram", "Draw a definition's states and transitions, with guard descriptions on the edges and approval stages named by their decisions.")
        {
            file,
            format,
            outFile,
        };
        command.SetAction(result =>
        {
            var definition = ValidateCommand.Load(result.GetValue(file)!, error, terminal);
            if (definition is null)
            {
                return MwfCommand.Problems;
            }

            var text = result.GetValue(format) == "dot" ? ProcessDiagram.ToDot(definition) : ProcessDiagram.ToMermaid(definition);
            if (result.GetValue(outFile) is { } path)
            {
                File.WriteAllText(path, text);
                output.WriteLine($"Wrote {path}.");
            }
            else
            {
                output.Write(text);
            }

            return MwfCommand.Success;
        });
        return command;
    }
}
