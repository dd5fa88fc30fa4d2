// Usage: MarketingWorkflows.CrashClient <database> create <count>
//        MarketingWorkflows.CrashClient <database> <first command number> <instance id>...
// "create" starts <count> instances and prints "instance <id>" for each.
// Fires "Note" commands round-robin over the instances, eight at a time, each with the
// idempotency key "cmd-<n>". Prints "send <n>" before a command and "ack <n>" once the store
// has committed it, flushing each line, until it is killed.
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Sqlite;

var store = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={args[0]}" });
var registry = new ProcessDefinitionRegistry();
registry.Register(CrashProcess.Definition);
var engine = new ProcessEngine(registry, store);
if (args[1] == "create")
{
    for (var i = 0; i < int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); i++)
    {
        var created = await engine.StartAsync("crash-log", JsonSerializer.SerializeToElement(new { owner = "writer" }), new Actor("writer", "writer"));
        Console.WriteLine($"instance {created.Id}");
    }

    await store.DisposeAsync();
    return;
}

var next = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var instances = args.Skip(2).Select(Guid.Parse).ToArray();
var actor = new Actor("writer", "writer");
var output = Console.Out;
var gate = new object();

await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var n = Interlocked.Increment(ref next) - 1;
        var instance = instances[n % instances.Length];
        lock (gate)
        {
            output.WriteLine($"send {n}");
            output.Flush();
        }

        await engine.FireAsync(new ProcessCommand(instance, "Note", actor)
        {
            IdempotencyKey = $"cmd-{n}",
            Arguments = JsonSerializer.SerializeToElement(new { n }),
        });
        lock (gate)
        {
            output.WriteLine($"ack {n}");
            output.Flush();
        }
    }
})));

/// <summary>The process the durability tests drive: one state, one internal trigger that records a number.</summary>
public static class CrashProcess
{
    /// <summary>Gets the definition, from crash-log.json beside the program.</summary>
    public static ProcessDefinition Definition { get; } = Load(AppContext.BaseDirectory);

    /// <summary>Loads the definition from the folder the program was built to.</summary>
    public static ProcessDefinition Load(string folder) => ProcessDefinitionLoader.Json.LoadFile(Path.Combine(folder, "crash-log.json")).GetDefinitionOrThrow();
}
