using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

/// <summary>
/// Allocation is deterministic, unlike time, so the zero-allocation promise is checked here;
/// speed lives in the benchmarks.
/// </summary>
public class AllocationTests
{
    [Fact]
    public void Plain_Fire_on_a_frozen_definition_allocates_nothing()
    {
        var definition = StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).PermitIf(Trigger.X, State.B, () => true, "always").OnExit(() => { });
            sm.Configure(State.B).SubstateOf(State.D).OnEntry(() => { }).Permit(Trigger.Y, State.C);
            sm.Configure(State.C).SubstateOf(State.D).Permit(Trigger.Z, State.A);
        });
        var state = State.A;
        var machine = definition.CreateMachine(() => state, s => state = s);
        Cycle(machine);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Cycle(machine);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
    }

    [Fact]
    public void Creating_a_machine_over_a_frozen_definition_allocates_only_the_machine()
    {
        var definition = StateMachineDefinition<State, Trigger>.Create(sm => sm.Configure(State.A).Permit(Trigger.X, State.B));
        definition.CreateMachine(State.A);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var machine = definition.CreateMachine(State.A);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        machine.Should().NotBeNull();
        allocated.Should().BeLessThanOrEqualTo(96, "one object: the machine");
    }

    private static void Cycle(StateMachine<State, Trigger> machine)
    {
        machine.Fire(Trigger.X);
        machine.Fire(Trigger.Y);
        machine.Fire(Trigger.Z);
    }
}
