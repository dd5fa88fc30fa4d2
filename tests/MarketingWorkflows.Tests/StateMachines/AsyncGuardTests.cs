using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.StateMachines;

public class AsyncGuardTests
{
    [Fact]
    public void Sync_Fire_refuses_an_async_guard_before_anything_runs()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.A);
        machine.Configure(State.A).OnExit(() => log.Add("exit A")).PermitIfAsync(Trigger.X, State.B, () => Task.FromResult(true), "approved");

        machine.Invoking(m => m.Fire(Trigger.X)).Should().Throw<InvalidOperationException>()
            .WithMessage("The guard 'approved' is asynchronous*Use FireAsync*");
        machine.Invoking(m => m.CanFire(Trigger.X)).Should().Throw<InvalidOperationException>();

        machine.State.Should().Be(State.A);
        log.Should().BeEmpty();
    }

    [Fact]
    public void Sync_Fire_refuses_an_async_destination_selector_before_anything_runs()
    {
        var log = new List<string>();
        var machine = new StateMachine<State, Trigger>(State.A);
        machine.Configure(State.A).OnExit(() => log.Add("exit A")).PermitDynamicAsync(Trigger.X, () => Task.FromResult(State.B));

        machine.Invoking(m => m.Fire(Trigger.X)).Should().Throw<InvalidOperationException>()
            .WithMessage("State 'A' chooses the destination for trigger 'X' with an asynchronous selector*Use FireAsync.");

        machine.State.Should().Be(State.A);
        log.Should().BeEmpty();
    }

    [Fact]
    public async Task FireAsync_awaits_async_guards_over_a_frozen_definition()
    {
        var approved = false;
        var definition = StateMachineDefinition<State, Trigger>.Create(sm =>
        {
            sm.Configure(State.A).PermitIfAsync(Trigger.X, State.B, async () => { await Task.Yield(); return approved; }, "approved");
            sm.Configure(State.B).PermitDynamicAsync(Trigger.Y, async () => { await Task.Yield(); return State.C; }, "next");
        });
        var machine = definition.CreateMachine(State.A);

        var refused = await Record.ExceptionAsync(() => machine.FireAsync(Trigger.X));
        (await machine.GetPermittedTriggersAsync()).Should().BeEmpty();
        approved = true;
        (await machine.GetDetailedPermittedTriggers()).Should().ContainSingle().Which.HasGuard.Should().BeTrue();
        await machine.FireAsync(Trigger.X);
        await machine.FireAsync(Trigger.Y);

        // As in Stateless, FireAsync reports a refused trigger without its unmet guards.
        refused.Should().BeOfType<TriggerNotPermittedException>().Which.Message.Should().StartWith("No valid leaving transitions");
        machine.State.Should().Be(State.C);
    }

    [Fact]
    public void ToString_of_a_machine_with_async_guards_lists_the_triggers_it_can_decide_synchronously()
    {
        var machine = new StateMachine<State, Trigger>(State.A);
        machine.Configure(State.A)
            .PermitIfAsync(Trigger.X, State.B, () => Task.FromResult(true))
            .Permit(Trigger.Y, State.C);

        machine.ToString().Should().Be("StateMachine { State = A, PermittedTriggers = { Y }}");
    }
}
