// A host for the scale-out tests. Several of these run at once on one PostgreSQL schema.
//
// Usage: MarketingWorkflows.HostClient <connection> <schema> create <hot> <timed> <dueAt>
//          starts <hot> instances that take "Decide" commands and <timed> instances waiting for
//          a deadline at <dueAt> (ISO 8601); prints "hot <id>" and "timed <id>" for each.
//        MarketingWorkflows.HostClient <connection> <schema> run <host> <lease seconds> <first> <count> <hot id>...
//          runs a host (timer worker, event dispatcher with an idempotent consumer) and fires
//          "Decide" commands <first>..<first+count-1> on the hot instances (command n on instance
//          n mod their number), eight at a time, each with the idempotency key "cmd-<n>". Prints
//          "ack <n>" once a command is committed, "done" after the last, then keeps serving
//          timers and events until its standard input closes. A command that fails for a
//          transient reason (the database restarting) is sent again with the same key.
using System.Globalization;
using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var connection = args[0];
var schema = args[1];
var definition = ProcessDefinitionLoader.Json.LoadFile(Path.Combine(AppContext.BaseDirectory, "multi-host.json")).GetDefinitionOrThrow();
var writer = new Actor("writer", "writer");
var output = Console.Out;
var gate = new object();
void Say(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
        output.Flush();
    }
}

var lease = args[2] == "run" ? TimeSpan.FromSeconds(int.Parse(args[4], CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(30);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSingleton(new HostName(args[2] == "run" ? args[3] : "creator"));
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connection));
builder.Services.AddSingleton(new PostgreSqlSchemaName(schema));
builder.Services.AddMarketingWorkflows(o =>
    {
        o.ClaimLease = lease;
        o.PollInterval = TimeSpan.FromSeconds(1);
        o.RetryDelay = TimeSpan.FromMilliseconds(500);
        o.RunBackgroundWorkers = args[2] == "run";
    })
    .AddProcess(definition)
    .AddEventHandler<ConsumerHandler>()
    .UsePostgreSql(connection, s => s.Schema = schema);
using var host = builder.Build();
await host.StartAsync();
var engine = host.Services.GetRequiredService<IProcessEngine>();

if (args[2] == "create")
{
    var hot = int.Parse(args[3], CultureInfo.InvariantCulture);
    var timed = int.Parse(args[4], CultureInfo.InvariantCulture);
    var dueAt = DateTimeOffset.Parse(args[5], CultureInfo.InvariantCulture);
    for (var i = 0; i < hot; i++)
    {
        Say($"hot {(await engine.StartAsync("multi-host", JsonSerializer.SerializeToElement(new { owner = "writer" }), writer)).Id}");
    }

    await Parallel.ForEachAsync(Enumerable.Range(0, timed), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
    {
        var started = await engine.StartAsync("multi-host", JsonSerializer.SerializeToElement(new { owner = "writer", dueAt }), writer, cancellationToken: ct);
        await engine.FireAsync(new ProcessCommand(started.Id, "Wait", writer), ct);
        Say($"timed {started.Id}");
    });
    await host.StopAsync();
    return;
}

var next = long.Parse(args[5], CultureInfo.InvariantCulture);
var last = next + long.Parse(args[6], CultureInfo.InvariantCulture);
var instances = args.Skip(7).Select(Guid.Parse).ToArray();
await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
{
    while (true)
    {
        var n = Interlocked.Increment(ref next) - 1;
        if (n >= last)
        {
            return;
        }

        var command = new ProcessCommand(instances[n % instances.Length], "Decide", writer)
        {
            IdempotencyKey = $"cmd-{n}",
            Arguments = JsonSerializer.SerializeToElement(new { n }),
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await engine.FireAsync(command);
                break;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or ConcurrencyConflictException && attempt < 600)
            {
                // The database is restarting, or other hosts keep winning the race: the same key again.
                await Task.Delay(Math.Min(50 * attempt, 500));
            }
        }

        Say($"ack {n}");
    }
})));
Say("done");
await Console.In.ReadToEndAsync();
await host.StopAsync();

/// <summary>This host's name, recorded with each delivery.</summary>
internal sealed record HostName(string Value);

/// <summary>An idempotent consumer: records every delivery, and handles each event once (its id is the key).</summary>
internal sealed class ConsumerHandler(NpgsqlDataSource dataSource, HostName host, PostgreSqlSchemaName schema) : IProcessEventHandler
{
    public async Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"WITH delivery AS (INSERT INTO {schema.Value}.test_deliveries (event_id, host) VALUES ($1, $2)) INSERT INTO {schema.Value}.test_consumed (event_id, host) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING;");
        command.Parameters.Add(new NpgsqlParameter { Value = processEvent.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = host.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The schema the consumer's tables live in.</summary>
internal sealed record PostgreSqlSchemaName(string Value);
