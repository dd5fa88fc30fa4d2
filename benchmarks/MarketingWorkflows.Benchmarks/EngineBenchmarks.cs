using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;
using MarketingWorkflows.Storage;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// One engine command in memory: load the instance, check the role, evaluate the guard, apply
/// the transition, append a hash-chained history entry and an event, commit to the in-memory
/// store. Targets: at most 3 µs per command; eight callers on different instances scale to near
/// 2× on two cores. Server GC, as in an ASP.NET Core host. The store is renewed for each iteration so its history does not grow without bound.
/// </summary>
[MemoryDiagnoser]
[GcServer(true)]
public class EngineBenchmarks
{
    private const int CommandsPerCaller = 50_000;
    private const int Callers = 8;

    internal static readonly ProcessDefinition Definition = ProcessDefinitionLoader.Json.Load("""
        {
          "id": "bench", "version": 1,
          "data": [ { "name": "owner", "type": "string", "required": true }, { "name": "budget", "type": "money", "required": true } ],
          "triggers": [ { "name": "Flip", "roles": ["marketer"] }, { "name": "Flop", "roles": ["marketer"] } ],
          "states": [
            { "name": "A", "initial": true, "transitions": [ { "trigger": "Flip", "to": "B", "guard": "budget.amount >= 1000", "description": "the budget is at least 1,000" } ] },
            { "name": "B", "transitions": [ { "trigger": "Flop", "to": "A", "guard": "budget.amount >= 1000" } ] }
          ]
        }
        """, "bench.json").GetDefinitionOrThrow();

    internal static readonly Actor Marketer = new("ana", "marketer");
    private ProcessEngine _engine = null!;
    private Guid[] _instances = [];
    private int _turn;

    [IterationSetup]
    public void Setup()
    {
        var registry = new ProcessDefinitionRegistry();
        registry.Register(Definition);
        _engine = new ProcessEngine(registry, new InMemoryProcessStore());
        var data = JsonSerializer.SerializeToElement(new { owner = "ana", budget = new { amount = 25_000, currency = "EUR" } });
        _instances = Enumerable.Range(0, Callers).Select(_ => _engine.StartAsync("bench", data, Marketer).GetAwaiter().GetResult().Id).ToArray();
        _turn = 0;
    }

    /// <summary>One command, from one caller.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerCaller)]
    public async Task One_command()
    {
        var id = _instances[0];
        for (var i = 0; i < CommandsPerCaller; i++)
        {
            await _engine.FireAsync(new ProcessCommand(id, (_turn++ & 1) == 0 ? "Flip" : "Flop", Marketer));
        }
    }

    /// <summary>The same number of commands per caller, eight callers on eight instances at once: time per command overall.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerCaller * Callers)]
    public Task Eight_callers_in_parallel()
        => Task.WhenAll(_instances.Select(id => Task.Run(async () =>
        {
            for (var i = 0; i < CommandsPerCaller; i++)
            {
                await _engine.FireAsync(new ProcessCommand(id, (i & 1) == 0 ? "Flip" : "Flop", Marketer));
            }
        })));
}
