using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Engine.Migrations;
using MarketingWorkflows.Instances;
using MarketingWorkflows.PostgreSql;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Cli;

/// <summary>
/// <c>mwf migrate --store sqlite:FILE|postgres:CONN --process ID --from N --to M --definitions FOLDER [--map old=new ...] [--default field=json ...] [--dry-run]</c>:
/// moves the running instances of one version to a later one in a store, or says what it would do.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error, Terminal terminal)
    {
        var store = new Option<string>("--store") { Description = "The store: sqlite:<file> or postgres:<connection string>.", Required = true };
        var process = new Option<string>("--process", "-p") { Description = "The process, such as campaign-approval.", Required = true };
        var from = new Option<int>("--from") { Description = "The version the instances run now.", Required = true };
        var to = new Option<int>("--to") { Description = "The later version to move them to.", Required = true };
        var definitions = new Option<string>("--definitions") { Description = "The folder of definition files (YAML or JSON) holding both versions.", Required = true };
        var map = new Option<string[]>("--map") { Description = "A state that does not keep its name: old=new (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var defaults = new Option<string[]>("--default") { Description = "A value for a data field the instances lack: field=json, such as budgetCode='\"MKT-1\"' (text that is not JSON is taken as a string; repeat for more)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would happen to each instance; change nothing." };
        var actor = new Option<string>("--as") { Description = "The user id the history records for the migration; default: mwf." };
        var command = new Command("migrate", "Move the running instances of one version of a process to a later one, as the plan maps their states and fills their data, each atomically with a history entry, an event and its timers re-planned; or (--dry-run) print what would happen to each. Exits 1 when the plan does not fit or an instance is refused.")
        {
            store, process, from, to, definitions, map, defaults, dryRun, actor,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Request(result.GetValue(store)!, result.GetValue(process)!, result.GetValue(from), result.GetValue(to), result.GetValue(definitions)!, result.GetValue(map) ?? [], result.GetValue(defaults) ?? [], result.GetValue(dryRun), result.GetValue(actor) ?? "mwf"),
            output,
            error,
            terminal,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, Terminal terminal, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var states = Pairs(request.Map, "--map", problems).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var values = Pairs(request.Defaults, "--default", problems).ToDictionary(p => p.Key, p => Value(p.Value), StringComparer.Ordinal);
        var registry = Definitions(request.Definitions, problems);
        var opened = problems.Count == 0 ? OpenStore(request.Store, problems) : null;
        if (problems.Count > 0 || opened is not var (store, lifetime) || registry is null)
        {
            foreach (var problem in problems)
            {
                error.WriteLine($"{terminal.Red("error")}: {problem}");
            }

            return MwfCommand.Problems;
        }

        try
        {
            using var engine = new ProcessEngine(registry, store, new MarketingWorkflowsOptions { RunBackgroundWorkers = false });
            var plan = new MigrationPlan(request.Process, request.From, request.To, states, values);
            var report = await engine.MigrateAsync(plan, new Actor(request.Actor), request.DryRun, cancellationToken).ConfigureAwait(false);
            Print(report, output, terminal);
            return report.Refused > 0 ? MwfCommand.Problems : MwfCommand.Success;
        }
        catch (MigrationPlanException ex)
        {
            error.WriteLine($"{terminal.Red("error")}: the plan {ex.Plan} does not fit; nothing was changed:");
            foreach (var problem in ex.Problems)
            {
                error.WriteLine($"  {problem.Path}: {problem.Message}");
            }

            return MwfCommand.Problems;
        }
        catch (StoreUnavailableException ex)
        {
            error.WriteLine($"{terminal.Red("error")}: {ex.Message}");
            return MwfCommand.Problems;
        }
        catch (StoreStartupException ex)
        {
            error.WriteLine($"{terminal.Red("error")}: {ex.Message}");
            return MwfCommand.Problems;
        }
        finally
        {
            await lifetime.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Prints one row per instance, with its notes (or the reasons it was refused) below it.</summary>
    private static void Print(MigrationReport report, TextWriter output, Terminal terminal)
    {
        var plan = report.Plan;
        var verb = report.DryRun ? "would move" : "moved";
        output.WriteLine(terminal.Bold(string.Create(CultureInfo.InvariantCulture, $"{plan.ProcessId} v{plan.FromVersion} -> v{plan.ToVersion}{(report.DryRun ? " (dry run, nothing changed)" : string.Empty)}: {report.Moved} {verb}, {report.Refused} refused")));
        if (report.Instances.Count == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"No open instance runs version {plan.FromVersion}."));
            return;
        }

        var width = Math.Max(4, report.Instances.Max(i => i.FromState.Length));
        var toWidth = Math.Max(2, report.Instances.Max(i => (i.ToState ?? "-").Length));
        output.WriteLine($"{"INSTANCE",-36}  {"FROM".PadRight(width)}  {"TO".PadRight(toWidth)}  OUTCOME");
        foreach (var instance in report.Instances)
        {
            var outcome = instance.Outcome switch
            {
                MigrationOutcome.Migrated => terminal.Green("migrated"),
                MigrationOutcome.WouldMigrate => "would migrate",
                _ => terminal.Yellow("refused"),
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{instance.InstanceId,-36}  {instance.FromState.PadRight(width)}  {(instance.ToState ?? "-").PadRight(toWidth)}  {outcome}"));
            foreach (var reason in instance.Reasons)
            {
                output.WriteLine($"    {terminal.Yellow("!")} {reason}");
            }

            foreach (var note in instance.Notes)
            {
                output.WriteLine(terminal.Dim($"    - {note}"));
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(string[] values, string option, List<string> problems)
    {
        foreach (var value in values)
        {
            var at = value.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                problems.Add($"{option} '{value}' is not name=value, such as {(option == "--map" ? "BudgetReview=FinanceReview" : "budgetCode=\"MKT-1\"")}");
                continue;
            }

            yield return new(value[..at], value[(at + 1)..]);
        }
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static ProcessDefinitionRegistry? Definitions(string folder, List<string> problems)
    {
        if (!Directory.Exists(folder))
        {
            problems.Add($"the definitions folder '{folder}' does not exist");
            return null;
        }

        var registry = new ProcessDefinitionRegistry(YamlDefinitions.Loader);
        try
        {
            registry.RegisterFolder(folder, recursive: true);
        }
        catch (ProcessDefinitionException ex)
        {
            problems.Add($"the definitions in '{folder}' do not load ({ex.Message}); check them with mwf validate");
            return null;
        }

        return registry;
    }

    private static (IProcessStore Store, IAsyncDisposable Lifetime)? OpenStore(string text, List<string> problems)
    {
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var file = text["sqlite:".Length..];
            if (!File.Exists(file))
            {
                problems.Add($"the SQLite file '{file}' does not exist; a migration runs on an existing store");
                return null;
            }

            var sqlite = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={file}" });
            return (sqlite, sqlite);
        }

        if (text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase))
        {
            var postgres = new PostgreSqlProcessStore(new PostgreSqlStoreOptions { ConnectionString = text["postgres:".Length..] });
            return (postgres, postgres);
        }

        problems.Add($"--store '{text}' names no store: write sqlite:<file> or postgres:<connection string>");
        return null;
    }

    private sealed record Request(string Store, string Process, int From, int To, string Definitions, string[] Map, string[] Defaults, bool DryRun, string Actor);
}
