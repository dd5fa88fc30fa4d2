// The store's limit for the load run: the engine on a fresh SQLite file, composed as the sample
// host composes it (built-in processes, durable FULL sync, default options), driven in-process
// without HTTP by callers firing the same state-changing triggers as post.lua: each caller owns
// a slice of the prepared drafts and walks it round after round, submitting them
// (Draft -> BudgetReview) and withdrawing them (back to Draft) in turn.
//   dotnet StoreAlone.dll FILE SECONDS [INSTANCES] [CLIENTS] [--dispatcher]
// --dispatcher runs the engine's workers as the host does, with an event handler that takes each
// event and does nothing (the host's webhook handler with no subscriptions); without it the
// workers are off and the store writes the commands alone. Prints "requests/s p99".
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional.Length < 2)
{
    Console.Error.WriteLine("usage: StoreAlone FILE SECONDS [INSTANCES] [CLIENTS] [--dispatcher]");
    return 2;
}

var file = positional[0];
var seconds = double.Parse(positional[1], CultureInfo.InvariantCulture);
var instances = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 4000;
var clients = positional.Length > 3 ? int.Parse(positional[3], CultureInfo.InvariantCulture) : 32;
var dispatcher = args.Contains("--dispatcher");
var warmUp = TimeSpan.FromSeconds(1);

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var workflows = builder.Services.AddMarketingWorkflows(o => o.RunBackgroundWorkers = dispatcher)
    .AddBuiltInProcesses()
    .UseSqlite($"Data Source={file}");
if (dispatcher)
{
    workflows.AddEventHandler<TakeEvent>();
}

using var host = builder.Build();
await host.StartAsync();
var engine = host.Services.GetRequiredService<IProcessEngine>();
var ana = new Actor("ana", "marketer", "author", "campaign-owner");

// The drafts, started as run.sh starts them, 32 at a time.
var data = JsonSerializer.SerializeToElement(new
{
    name = "Load run",
    owner = "ana",
    budget = new { amount = 20000, currency = "EUR" },
    regions = new[] { "US" },
    channels = new[] { "social" },
});
var ids = new Guid[instances];
await Parallel.ForAsync(0, instances, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, ct) =>
    ids[i] = (await engine.StartAsync("campaign-approval", data, ana, cancellationToken: ct)).Id);

if (dispatcher)
{
    // As run.sh waits for the host to settle: the drafts' events delivered before the run.
    var outbox = host.Services.GetRequiredService<IOutboxStore>();
    for (var i = 0; i < 600 && (await outbox.GetPendingEventsAsync(1)).Count > 0; i++)
    {
        await Task.Delay(100);
    }
}

// 0: warming up, 1: measuring, 2: stopped.
var phase = 0;
var counted = new List<double>[clients];
var callers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
{
    var mine = ids.Where((_, i) => i % clients == c).ToArray();
    var latencies = counted[c] = new List<double>(64 * 1024);
    for (var n = 0; Volatile.Read(ref phase) < 2; n++)
    {
        var trigger = n / mine.Length % 2 == 0 ? "Submit" : "Withdraw";
        var started = Stopwatch.GetTimestamp();
        await engine.FireAsync(new ProcessCommand(mine[n % mine.Length], trigger, ana));
        if (Volatile.Read(ref phase) == 1)
        {
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
})).ToArray();

await Task.Delay(warmUp);
Volatile.Write(ref phase, 1);
var window = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
Volatile.Write(ref phase, 2);
var elapsed = window.Elapsed.TotalSeconds;
await Task.WhenAll(callers);
await host.StopAsync();

var all = counted.SelectMany(l => l).Order().ToArray();
var p99 = all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * 0.99) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{all.Length / elapsed:F2} {p99:F2}ms"));
return 0;

/// <summary>Takes each event and does nothing with it, as the host's webhook handler does with no subscriptions.</summary>
internal sealed class TakeEvent : IProcessEventHandler
{
    public Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
