using System.CommandLine;
using System.IO;
using System.Text.RegularExpressions;

namespace MarketingWorkflows.Cli;

/// <summary><c>mwf new approval NAME</c>: writes a starter definition that validates.</summary>
internal static partial class NewCommand
{
    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ProcessId();

    public static Command Create(TextWriter output, TextWriter error, Terminal terminal)
    {
        var name = new Argument<string>("NAME") { Description = "The process id: lower-case letters, digits and hyphens, such as event-approval." };
        var outFile = new Option<string?>("--out", "-o") { Description = "The file to write; default NAME.yaml in the current folder." };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists." };
        var approval = new Command("approval", "Write a starter approval process: draft, one approval stage with a deadline, approved, rejected and cancelled.")
        {
            name,
            outFile,
            force,
        };
        approval.SetAction(result =>
        {
            var id = result.GetValue(name)!;
            if (!ProcessId().IsMatch(id))
            {
                error.WriteLine($"{terminal.Red("error")}: '{id}' is not a process id: use lower-case letters, digits and single hyphens, starting with a letter (for example event-approval).");
                return MwfCommand.Problems;
            }

            var path = result.GetValue(outFile) ?? id + ".yaml";
            if (File.Exists(path) && !result.GetValue(force))
            {
                error.WriteLine($"{terminal.Red("error")}: '{path}' already exists; choose another name with --out, or overwrite it with --force.");
                return MwfCommand.Problems;
            }

            File.WriteAllText(path, Starter(id));
            output.WriteLine($"Wrote {path}. Check it with: mwf validate {path}");
            return MwfCommand.Success;
        });

        var command = new Command("new", "Start a new definition file from a template.");
        command.Subcommands.Add(approval);
        return command;
    }

    internal static string Starter(string id) => $$"""
        # {{id}}: a starter approval process. Rename states and triggers, adjust the stage, and
        # run `mwf validate` after each change. The format is described in docs/definitions.md.
        id: {{id}}
        version: 1
        title: {{Title(id)}}

        data:
          - { name: title, type: string, required: true }
          - { name: owner, type: string, required: true, title: Who submits it (user id) }
          - { name: budget, type: money, required: true, minimum: 0 }
        owner: owner
        measures: { budget: budget, submittedBy: Submit }

        triggers:
          - { name: Submit, roles: [requester] }
          - { name: Approve }
          - { name: Reject, commentRequired: true }
          - { name: RequestChanges, commentRequired: true }
          - { name: Resubmit, roles: [requester] }
          - { name: Escalate }
          - name: Cancel
            commentRequired: true

        states:
          - name: Open
            initialChild: Draft
            transitions:
              - { trigger: Cancel, to: Cancelled }

          - name: Draft
            parent: Open
            initial: true
            transitions:
              - { trigger: Submit, to: Review }

          - name: Review
            parent: Open
            deadline: { businessDays: 2, remindBefore: [4h], onTimeout: Escalate }
            approval:
              approvers: [ { role: approver } ]
              approve: any
              selfApproval: forbid
              onApproved: Approved
              onRejected: Rejected
              onChangesRequested: ChangesRequested
            transitions:
              - { trigger: Escalate, internal: true }

          - name: ChangesRequested
            parent: Open
            transitions:
              - { trigger: Resubmit, to: Review }

          - { name: Approved, terminal: true }
          - { name: Rejected, terminal: true }
          - { name: Cancelled, terminal: true }

        """;

    private static string Title(string id)
    {
        var words = id.Split('-');
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }
}
