using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Processes;
using MarketingWorkflows.Sqlite;
using MarketingWorkflows.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// One campaign approval from start to scheduled — submit, a finance approval, a legal approval,
/// schedule — on Workflow Core 3.22.0 (in memory, its default persistence) and on this engine in
/// memory and on SQLite, <see cref="Instances"/> campaigns at once. One operation is one campaign
/// completed: 1 s divided by the mean is campaigns per second.
/// </summary>
/// <remarks>
/// The engine runs the built-in campaign-approval process: roles checked, the budget and region
/// routing evaluated, no self-approval, a hash-chained history entry and an event per command,
/// each command committed before it returns. The Workflow Core workflow has the same steps as
/// four <c>WaitFor</c> events keyed by the workflow id, and completes when the last one arrives;
/// it checks no roles and keeps no history beyond its execution pointers. Its events are
/// published as soon as the workflow starts (Workflow Core keeps an event until a step waits for
/// it), so it is not slowed by a round trip per step as the engine's callers are.
/// </remarks>
[MemoryDiagnoser]
[GcServer(true)]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class PeerBenchmarks
{
    /// <summary>Campaigns run at once per operation batch.</summary>
    private const int Instances = 200;

    private static readonly Actor Ana = new("ana", "marketer", "author");
    private static readonly Actor Fiona = new("fiona", "finance");
    private static readonly Actor Lea = new("lea", "legal");

    private ProcessEngine _memory = null!;
    private ProcessEngine _sqlite = null!;
    private SqliteProcessStore _sqliteStore = null!;
    private string _folder = string.Empty;
    private ServiceProvider _services = null!;
    private IWorkflowHost _workflowCore = null!;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _completed = new();

    /// <summary>Starts Workflow Core's host and creates the engines.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(BuiltInProcesses.Get(CampaignApproval.ProcessId));
        _memory = new ProcessEngine(registry, new InMemoryProcessStore());

        _folder = Path.Combine(Path.GetTempPath(), "mwf-peer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _sqliteStore = new SqliteProcessStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "peer.db")}" });
        _sqlite = new ProcessEngine(registry, _sqliteStore);

        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddWorkflow()
            .BuildServiceProvider();
        _workflowCore = _services.GetRequiredService<IWorkflowHost>();
        _workflowCore.RegisterWorkflow<CampaignWorkflow, CampaignWorkflowData>();
        _workflowCore.OnLifeCycleEvent += OnLifeCycleEvent;
        await _workflowCore.StartAsync(default);
    }

    /// <summary>Stops the host and removes the SQLite file.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _workflowCore.StopAsync(default);
        await _services.DisposeAsync();
        await _sqliteStore.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Workflow Core 3.22.0, in memory.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Instances)]
    public Task WorkflowCore_in_memory()
        => Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => Task.Run(RunWorkflowCoreAsync)));

    /// <summary>This engine, the in-memory store.</summary>
    [Benchmark(OperationsPerInvoke = Instances)]
    public Task MarketingWorkflows_in_memory()
        => Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => Task.Run(() => RunEngineAsync(_memory))));

    /// <summary>This engine, the SQLite store (WAL, synchronous = FULL): every command durable before it returns.</summary>
    [Benchmark(OperationsPerInvoke = Instances)]
    public Task MarketingWorkflows_sqlite()
        => Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => Task.Run(() => RunEngineAsync(_sqlite))));

    private static async Task RunEngineAsync(ProcessEngine engine)
    {
        var data = new CampaignData
        {
            Name = "Spring launch",
            Owner = "ana",
            Budget = new Money(10_000, "EUR"),
            Regions = ["EU"],
            Channels = ["social"],
        };
        var id = (await engine.StartAsync(CampaignApproval.ProcessId, data.ToJson(), Ana)).Id;
        await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Submit, Ana));
        await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Approve, Fiona));
        await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Approve, Lea));
        var scheduled = await engine.FireAsync(new ProcessCommand(id, CampaignApproval.Triggers.Schedule, Ana)
        {
            Arguments = System.Text.Json.JsonSerializer.SerializeToElement(new { launchAt = DateTimeOffset.UtcNow.AddDays(30) }),
        });
        if (scheduled.Instance.State != CampaignApproval.States.Scheduled)
        {
            throw new InvalidOperationException($"The campaign ended in {scheduled.Instance.State}, not Scheduled.");
        }
    }

    private async Task RunWorkflowCoreAsync()
    {
        var id = await _workflowCore.StartWorkflow(CampaignWorkflow.Name, new CampaignWorkflowData { Owner = "ana", Budget = 10_000, Region = "EU" });
        var done = _completed.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        foreach (var step in CampaignWorkflow.Steps)
        {
            await _workflowCore.PublishEvent(step, id, null);
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
        _completed.TryRemove(id, out _);
    }

    private void OnLifeCycleEvent(LifeCycleEvent evt)
    {
        if (evt is WorkflowCompleted completed)
        {
            _completed.GetOrAdd(completed.WorkflowInstanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>The campaign approval's steps as Workflow Core events.</summary>
    public sealed class CampaignWorkflow : IWorkflow<CampaignWorkflowData>
    {
        /// <summary>The workflow's id.</summary>
        public const string Name = "campaign-approval";

        /// <summary>The events, in the order the workflow waits for them.</summary>
        public static readonly string[] Steps = ["submit", "approve-finance", "approve-legal", "schedule"];

        /// <inheritdoc />
        public string Id => Name;

        /// <inheritdoc />
        public int Version => 1;

        /// <inheritdoc />
        public void Build(IWorkflowBuilder<CampaignWorkflowData> builder)
            => builder
                .StartWith(_ => ExecutionResult.Next())
                .WaitFor(Steps[0], (_, context) => context.Workflow.Id)
                .WaitFor(Steps[1], (_, context) => context.Workflow.Id)
                .WaitFor(Steps[2], (_, context) => context.Workflow.Id)
                .WaitFor(Steps[3], (_, context) => context.Workflow.Id)
                .Then(_ => ExecutionResult.Next());
    }

    /// <summary>The Workflow Core campaign's data.</summary>
    public sealed class CampaignWorkflowData
    {
        /// <summary>Gets or sets the owner.</summary>
        public string Owner { get; set; } = string.Empty;

        /// <summary>Gets or sets the budget.</summary>
        public decimal Budget { get; set; }

        /// <summary>Gets or sets the region.</summary>
        public string Region { get; set; } = string.Empty;
    }
}
