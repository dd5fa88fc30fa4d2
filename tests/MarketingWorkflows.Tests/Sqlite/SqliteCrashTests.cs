using System.Diagnostics;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Tests.Engine;
using Xunit.Abstractions;

namespace MarketingWorkflows.Tests.Sqlite;

/// <summary>
/// A child process fires commands with idempotency keys and reports each acknowledgement; it is
/// killed with SIGKILL at a random moment, several times. Nothing acknowledged may be lost,
/// nothing applied twice, nothing half-applied.
/// </summary>
public sealed class SqliteCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 4;
    private readonly TempDatabase _database = new();

    /// <summary>Gets where the child process is built: beside the tests, in the same configuration.</summary>
    private static string ChildFolder => AppContext.BaseDirectory.Replace("MarketingWorkflows.Tests", "MarketingWorkflows.CrashClient", StringComparison.Ordinal);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task Commands_survive_sigkill_exactly_once_and_unacknowledged_ones_complete_once_when_resent()
    {
        var created = await RunChildAsync(["create", "4"], killAfter: null);
        var instances = created.Where(l => l.StartsWith("instance ", StringComparison.Ordinal)).Select(l => Guid.Parse(l[9..])).ToList();
        instances.Should().HaveCount(4);

        var started = Stopwatch.GetTimestamp();
        var sent = new HashSet<long>();
        var acknowledged = new HashSet<long>();
        var random = new Random(20261123);
        long first = 0;
        for (var run = 0; run < Runs; run++)
        {
            var lines = await RunChildAsync([first.ToString(System.Globalization.CultureInfo.InvariantCulture), .. instances.Select(i => i.ToString())], killAfter: TimeSpan.FromMilliseconds(random.Next(400, 1500)));
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && long.TryParse(parts[1], out var n))
                {
                    (parts[0] == "ack" ? acknowledged : sent).Add(n);
                }
            }

            first = sent.Count == 0 ? first : sent.Max() + 1;
            output.WriteLine($"run {run}: {sent.Count} sent, {acknowledged.Count} acknowledged so far ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
        }

        acknowledged.Should().NotBeEmpty("the child ran long enough to commit something");
        await using var store = _database.OpenStore();
        var engine = Engine(store);

        // Every acknowledged command is there exactly once; nothing is there that was not sent.
        var applied = await AppliedAsync(engine, instances);
        applied.Should().OnlyHaveUniqueItems();
        acknowledged.Except(applied).Should().BeEmpty("every acknowledged command is there");
        applied.Except(sent).Should().BeEmpty("nothing is there that was not sent");
        await ShouldBeWholeAsync(engine, store, instances);

        // Re-sending what was never acknowledged, with the same keys, completes each exactly once.
        output.WriteLine($"checked ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
        var unacknowledged = sent.Except(acknowledged).ToList();
        output.WriteLine($"{unacknowledged.Count} sent but not acknowledged; {applied.Count - acknowledged.Count} of them had been applied");
        foreach (var n in unacknowledged)
        {
            await engine.FireAsync(new ProcessCommand(instances[(int)(n % instances.Count)], "Note", new Actor("writer", "writer"))
            {
                IdempotencyKey = $"cmd-{n}",
                Arguments = EngineHarness.Json(new { n }),
            });
        }

        output.WriteLine($"re-sent ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
        var after = await AppliedAsync(engine, instances);
        after.Should().OnlyHaveUniqueItems();
        after.Order().Should().Equal(sent.Order());
        await ShouldBeWholeAsync(engine, store, instances);
    }

    private static async Task<List<long>> AppliedAsync(ProcessEngine engine, List<Guid> instances)
    {
        var applied = new List<long>();
        foreach (var id in instances)
        {
            applied.AddRange((await engine.GetHistoryAsync(id)).Where(e => e.Trigger == "Note").Select(e => e.Arguments!.Value.GetProperty("n").GetInt64()));
        }

        return applied;
    }

    private async Task ShouldBeWholeAsync(ProcessEngine engine, SqliteProcessStore store, List<Guid> instances)
    {
        foreach (var id in instances)
        {
            var instance = await engine.GetAsync(id);
            var history = await engine.GetHistoryAsync(id);
            instance.Version.Should().Be(history.Count, "each command adds one version and one history entry, together");
            (await engine.VerifyHistoryAsync(id)).IsValid.Should().BeTrue();
        }

        var keys = (long)(await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_commands;"))!;
        var notes = (long)(await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_history WHERE trigger = 'Note';"))!;
        keys.Should().Be(notes, "an idempotency key is recorded with its command's history entry or not at all");
        var events = (long)(await _database.ScalarAsync("SELECT COUNT(*) FROM mwf_outbox;"))!;
        events.Should().Be(notes + instances.Count, "every command's event is in the outbox with it");
        (await store.GetPendingEventsAsync(1)).Should().NotBeEmpty();
    }

    private async Task<List<string>> RunChildAsync(string[] arguments, TimeSpan? killAfter)
    {
        var child = Path.Combine(ChildFolder, "MarketingWorkflows.CrashClient.dll");
        File.Exists(child).Should().BeTrue($"the child process is built beside the tests ({child})");
        // The same dotnet that runs the tests, so the child needs nothing else on the machine.
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(child);
        start.ArgumentList.Add(_database.Path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        var errors = process.StandardError.ReadToEndAsync();
        if (killAfter is { } delay)
        {
            // Wait until it is really writing, then kill it mid-stream: Kill sends SIGKILL on Linux.
            for (var i = 0; i < 600 && !lines.ToArray().Any(l => l.StartsWith("ack", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(delay);
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        await reading;
        if (killAfter is null)
        {
            process.ExitCode.Should().Be(0, await errors);
        }

        lock (lines)
        {
            return [.. lines];
        }
    }

    private static ProcessEngine Engine(SqliteProcessStore store)
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(ProcessDefinitionLoader.Json.LoadFile(Path.Combine(ChildFolder, "crash-log.json")).GetDefinitionOrThrow());
        return new ProcessEngine(registry, store);
    }
}
