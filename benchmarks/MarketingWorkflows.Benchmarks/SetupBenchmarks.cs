using BenchmarkDotNet.Attributes;
using MarketingWorkflows.StateMachines;
using Reference = Stateless;

namespace MarketingWorkflows.Benchmarks;

/// <summary>
/// What it costs to get a machine for a stored instance: over a frozen definition (ours), by
/// configuring the kernel's machine per instance, and on Stateless itself, which has to be
/// configured per instance with the stored state as its accessor and mutator.
/// </summary>
[MemoryDiagnoser]
public class SetupBenchmarks
{
    private readonly Counter _counter = new();
    private readonly Row _row = new() { State = Stage.BudgetReview };
    private StateMachineDefinition<Stage, Decision> _definition = null!;

    [GlobalSetup]
    public void Setup() => _definition = ApprovalMachine.Freeze(_counter);

    [Benchmark]
    public StateMachine<Stage, Decision> Create_machine_over_frozen_definition_for_stored_state()
        => _definition.CreateMachine(_row.State);

    [Benchmark]
    public StateMachine<Stage, Decision> Configure_machine_per_instance_like_Stateless()
    {
        var sm = new StateMachine<Stage, Decision>(() => _row.State, s => _row.State = s);
        ApprovalMachine.Configure(sm, _counter);
        return sm;
    }

    [Benchmark]
    public Reference.StateMachine<Stage, Decision> Configure_Stateless_machine_per_instance()
    {
        var sm = new Reference.StateMachine<Stage, Decision>(() => _row.State, s => _row.State = s);
        ApprovalMachine.ConfigureReference(sm, _counter);
        return sm;
    }

    [Benchmark]
    public StateMachineDefinition<int, int> Configure_and_freeze_a_10_state_definition()
        => StateMachineDefinition<int, int>.Create(sm =>
        {
            for (var state = 0; state < 10; state++)
            {
                sm.Configure(state)
                    .Permit(1, (state + 1) % 10)
                    .PermitIf(2, (state + 2) % 10, () => _counter.Open, "open")
                    .OnEntry(_counter.Increment);
            }
        });
}
